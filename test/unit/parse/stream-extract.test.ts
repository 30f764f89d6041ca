// streamExtract must give exactly what the DOM path gives: Selector.first for item fields and
// HtmlDocument.links for links, on realistic pages (the parse tests' pages, the bench site, the
// demo site over HTTP) and on hand-written markup where SAX and DOM could drift apart.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';
import { compileStreamRules, streamExtract } from '../../../src/parse/stream-extract.js';
import { galleryPage, priceTablePage } from './pages.js';

const FIELDS = [
  '*', '*::text', 'html', 'head > title', 'title', 'title::text', 'body::text', 'h1', 'h1.title', 'h1.title::text',
  'h1, h2', 'h2::text, h1::text', 'span.price', 'span.price::text', 'div.buy span::text', 'div.product > h1',
  'div', 'div::text', 'div div::text', 'p', 'p::text', 'div > p', 'div p b', 'b', 'i::text', 'span', 'span::text',
  'a', 'a::text', 'a::attr(href)', 'a::attr(HREF)', 'a[href]::text', 'a[data-cat]::attr(data-cat)', 'nav a::attr(href)',
  'ul li', 'ul > li::text', 'li a::attr(href)', 'li::text', 'td', 'td::text', 'th::text', 'tr', 'table td',
  'table > tr > td', 'table > tbody > tr > td::text', 'table.spec td::text', 'img::attr(src)',
  'img::attr(data-original)', '.item .title a::attr(href)', '.pic a::attr(title)', 'meta::attr(content)',
  'meta[name=description]::attr(content)', 'meta[charset]::attr(charset)', 'link[rel=canonical]::attr(href)',
  'script', 'script::text', 'style', 'style::text', '[href]', '[href^="/"]', '[href$=".html"]::attr(href)',
  '[href*=list]::attr(href)', '[class~=title]', '[lang|=zh]::attr(lang)', '[TYPE=SUBMIT]', '[type=Submit i]',
  '[type="submit" s]', 'A[HREF]', 'DIV.wrap > DIV.logo', '#jobs li::text', '#jobs .description', 'footer p::text',
  'form input::attr(name)', 'button::attr(data-id)', 'input::attr(placeholder)', '.crumbs span', '.crumbs::text',
  '.review p', '.review b::text', 'pre', 'code::text', 'nope', '.missing::text', 'div.none::attr(id)',
];

const FOLLOWS: (string | undefined)[] = [
  undefined, 'a', 'a::attr(href)', 'a::text', 'nav a', 'li a', '.pager a', '[href]', 'img::attr(src)',
  'img::attr(data-original)', 'link::attr(href)', 'a[href$=".html"]', '.related a', 'p::text', '*::attr(href)', 'base',
];

/** What the DOM path gives for `html`: each field alone, and the links for each follow selector. */
function domAnswers(html: string, url: string, fields: readonly string[], follows: readonly (string | undefined)[]) {
  const doc = parseHtml(html, url);
  return {
    fields: Object.fromEntries(fields.map((source) => [source, compileSelector(source, 'test').first(doc)])),
    linksWithFields: doc.links(),
    links: follows.map((follow) => [follow ?? '(default)', doc.links(follow)]),
  };
}

function streamAnswers(html: string, url: string, fields: readonly string[], follows: readonly (string | undefined)[]) {
  const all = compileStreamRules(fields.map((source) => ({ name: source, source })), undefined);
  if (all === undefined) throw new Error('a field selector was refused');
  const { fields: together, links: linksWithFields } = streamExtract(all, html, url);
  // Each alone too: fields read in the same pass must not disturb one another.
  const alone: Record<string, string | null> = {};
  for (const source of fields) {
    const rules = compileStreamRules([{ name: source, source }], undefined);
    if (rules === undefined) throw new Error(`${source} was refused`);
    alone[source] = streamExtract(rules, html, url).fields[source] ?? null;
  }
  expect(together).toEqual(alone);
  return {
    fields: together,
    linksWithFields,
    links: follows.map((follow) => {
      const rules = compileStreamRules([], follow);
      if (rules === undefined) throw new Error(`follow ${follow} was refused`);
      return [follow ?? '(default)', streamExtract(rules, html, url).links];
    }),
  };
}

function expectSameAnswers(html: string, url: string, fields = FIELDS, follows = FOLLOWS): void {
  expect(streamAnswers(html, url, fields, follows)).toEqual(domAnswers(html, url, fields, follows));
}

const BENCH_SITE = '/work/shared/bench/data/site';

describe('streamExtract on realistic pages', () => {
  it('answers like the DOM on the price table pages, with and without <tbody>', () => {
    expectSameAnswers(priceTablePage({ withTbody: true }), 'http://127.0.0.1:8080/priceindex/1.shtml');
    expectSameAnswers(priceTablePage({ withTbody: false }), 'http://127.0.0.1:8080/priceindex/1.shtml');
  });

  it('answers like the DOM on the lazy-loaded gallery page', () => {
    expectSameAnswers(galleryPage(), 'https://pic.example.test/photo/list/?page=2');
  });

  it.runIf(existsSync(BENCH_SITE))('answers like the DOM on the bench site item and list pages', () => {
    const paths = ['index.html'];
    for (let id = 1; id <= 20000; id += 997) paths.push(`item/${id}.html`);
    for (let id = 1; id <= 1000; id += 143) paths.push(`list/${id}.html`);
    for (const path of paths) {
      expectSameAnswers(readFileSync(join(BENCH_SITE, path), 'utf8'), `http://127.0.0.1:8080/${path}`);
    }
    expect(paths.length).toBeGreaterThan(25);
  });

  describe('the demo site', () => {
    let demo: DemoServer;
    beforeAll(async () => {
      demo = await startDemoServer();
    });
    afterAll(async () => {
      await demo.close();
    });

    it('answers like the DOM on every kind of demo page', async () => {
      const pages = await crawlDemo(demo.url, 40);
      expect(pages.length).toBeGreaterThan(10);
      for (const { url, html } of pages) expectSameAnswers(html, url);
    });
  });
});

// Breadth-first over the demo's HTML pages, leaving out the ones built to be slow.
async function crawlDemo(root: string, limit: number): Promise<{ url: string; html: string }[]> {
  const queue = [`${root}/`];
  const seen = new Set(queue);
  const pages: { url: string; html: string }[] = [];
  while (queue.length > 0 && pages.length < limit) {
    const url = queue.shift() as string;
    const response = await fetch(url);
    const type = response.headers.get('content-type') ?? '';
    const body = await response.arrayBuffer();
    if (!response.ok || !type.startsWith('text/html')) continue;
    const charset = /charset=([\w-]+)/i.exec(type)?.[1] ?? 'utf-8';
    const html = new TextDecoder(charset).decode(body);
    pages.push({ url, html });
    for (const link of parseHtml(html, url).links()) {
      const path = new URL(link).pathname;
      if (!link.startsWith(root) || seen.has(link) || /^\/(?:delay\/|bobo|jay|tom)/.test(path)) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  return pages;
}

const TRICKY: Record<string, string> = {
  'unclosed <p> and <li>': '<ul><li>one<li>two <b>bold</b><li> </ul><p>a<p>b<div>c</div>d<p> <b>x</b> tail',
  'implied </td> and </tr>': '<table><tr><th>h<td>1<td>2<tr><td>3<td> </table><p>after',
  'nested tables without tbody': '<table class=outer><tr><td><table class=inner><tr><td>in</td></tr></table>after<td>x</table>',
  'entities': '<p class=e>&lt;a&gt; &amp;amp; &copy; &#x4E2D;&nbsp;&notanentity; &amp</p><p>&nbsp;</p><a href="/a?x=1&amp;y=2">&amp;</a><a href="/a?x=1&y=2">raw</a>',
  'CDATA and comments': '<div class=c><![CDATA[ hidden ]]> <!-- c --> shown<!--x-->more</div><p><!-- only a comment --></p><p>a<!--x-->b</p>',
  'script with </div> in a string': '<div class=s><script>var s = "</div>"; if (a < b) {}</script>tail</div><div class=s2>after</div><style>p::before{content:"</p>"}</style>',
  'uppercase tags and attributes': '<DIV CLASS="Up" ID=Main>X<P>para</P></DIV><A HREF="/UP" DATA-X="AbC">u</A><Input TYPE=Submit><TABLE><TR><TD>c</TD></TR></TABLE>',
  'duplicate attributes': '<a href="/first" href="/second" class="a" class="b">d</a><div class="b" class="a">e</div>',
  '<base href> after the links': '<a href="rel">r</a><a href="/abs">a</a><base href="/base/dir/"><base href="/other/"><a href="rel2">r2</a>',
  'a <base> without href, then one with': '<base target=_blank><a href="x">x</a><base href="https://cdn.example.test/s/">',
  'a javascript: <base>': '<base href="javascript:alert(1)"><a href="x">x</a>',
  'whitespace-only elements': '<h1 class=title>   </h1><h1 class=title>real</h1><span>\n</span><span> <b> </b> </span><div class=a>  </div><div class=a><span>x</span></div>',
  'self-closing syntax': '<div/>text<span/>inside span</div><br/><img src="/i.png"/><svg><path d="M0"/><text>t</text></svg><p>after svg',
  'stray and implied end tags': '</span><p>one</P>two</p></br><div><span>x</div>y</span><i>i</i></p>',
  'nested matches for ::text': '<div class=a> <div class=a>inner</div> outer</div><div class=a><div class=a>only inner</div></div>',
  'case rules of attribute values': '<input type="TEXT" lang="EN-us" data-x="AbC"><input type=submit disabled><div data-x="abc" dir=RTL>d</div>',
  'unusual class whitespace': '<div class="a\tb  c\u00a0d">1</div><div class=" x ">2</div><div class="">3</div><div class="e\nf">4</div>',
  'forms, lists and options': '<select><option>1<option selected>2</select><dl><dt>a<dd>b<dt>c</dl><textarea><b>not a tag</b></textarea><ul><li>a<ul><li>b</ul><li>c</ul>',
  'unclosed at the end': '<html><body><div class=x><span>open <a href="/u">u',
  'text only': '  just text, no tags &amp; no links  ',
  'empty document': '',
  'processing instructions': '<?xml version="1.0"?><!DOCTYPE html><p> <?pi x?>b</p><p>a<!DOCTYPE x>c</p>',
  'odd hrefs': '<a href="  ">s</a><a href="#frag">f</a><a href="javascript:x">j</a><a href="mailto:a@b.test">m</a><a href="//other.test/p#x">o</a><a href="http://[broken">b</a><a href="HTTPS://UP.TEST/X">u</a><a>none</a><a href="/dup"></a><a href=" /dup ">again</a>',
  'broken markup': '<a href="x>y</a><div <span>z</span></div>< p>not a tag<p class=>empty class</p><p =x>y</p>',
  'custom elements and odd names': '<my-el data-v="1">m</my-el><x:y a="b">ns</x:y><p constructor="c" __proto__="p">proto</p>',
  'fields near the top, links and <base> further down': '<h1 class=title>T</h1><span class=price>1</span><div><p>x<a href="a">a</a><base href="/b/"><table><tr><td><a href=c>c</a></table>',
  'head and body implied closes': '<html><head><title>t</title><link rel=x href="/css"><script>s</script><body><p>b</body></html>trailing',
};

describe('streamExtract on markup where a SAX pass could drift from the DOM', () => {
  it.each(Object.entries(TRICKY))('answers like the DOM for %s', (_label, html) => {
    expectSameAnswers(html, 'http://h.test/dir/page.html');
  });

  it('answers like the DOM when the page URL itself is not usable', () => {
    const html = TRICKY['odd hrefs'] as string;
    expectSameAnswers(`${html}<a href="rel">r</a>`, 'not a url');
    expectSameAnswers('<base href="/b/"><a href="rel">r</a><a href="http://a.test/x">x</a>', 'not a url');
  });

  it('answers like the DOM on a page nested 600 elements deep', () => {
    const html = `${'<div class=d><span>'.repeat(300)}<a href="/deep">deep</a>${'</span></div>'.repeat(300)}`;
    expectSameAnswers(html, 'http://h.test/', ['div span a', 'div > span > a::text', 'span::text', '.d', 'a::attr(href)'], [undefined, 'div a']);
  });

  // Deeper than this the DOM path itself fails (domutils' textContent recurses per level).
  it('reads a page nested 20,000 elements deep without overflowing the stack, as the depth-bounded DOM does', () => {
    const html = `${'<div class=d><span>'.repeat(10_000)}<a href="/deep">deep</a>${'</span></div>'.repeat(10_000)}`;
    const rules = compileStreamRules([{ name: 'd', source: '.d' }, { name: 'a', source: 'div > span > a::text' }], 'div span a');
    if (rules === undefined) throw new Error('refused');
    // Past 512 open elements each new one replaces the innermost (as in browsers), so the <a>
    // ends up a child of a div at the limit, not of a span: both paths agree on that.
    expect(streamExtract(rules, html, 'http://h.test/')).toEqual({ fields: { d: 'deep', a: null }, links: ['http://h.test/deep'] });
    const doc = parseHtml(html, 'http://h.test/');
    expect(compileSelector('div > span > a::text', 'test').first(doc)).toBeNull();
    expect(compileSelector('.d', 'test').first(doc)).toBe('deep');
  });

  it('gives the values a declarative crawl expects on a product page', () => {
    const rules = compileStreamRules(
      [{ name: 'title', source: 'h1.title' }, { name: 'price', source: 'span.price::text' }, { name: 'sku', source: 'button::attr(data-id)' }],
      undefined,
    );
    if (rules === undefined) throw new Error('refused');
    const html = '<h1 class="title">\n  商品 &amp; 耳机 <small>new</small>\n</h1><span class="price"> ¥199.00 </span><button data-id=" 42 ">buy</button><a href="/item/43.html#top">next</a>';
    expect(streamExtract(rules, html, 'http://127.0.0.1:8080/item/42.html')).toEqual({
      fields: { title: '商品 & 耳机 new', price: '¥199.00', sku: '42' },
      links: ['http://127.0.0.1:8080/item/43.html'],
    });
  });
});

describe('compileStreamRules', () => {
  it.each([
    'li:nth-child(2)', 'a:not(.x)', 'div:has(p)', 'li:first-child', 'p:empty', 'p + p', 'p ~ p', 'svg|a', '*|*',
    '[xlink|href]', '> a', 'a::before', 'a::text()', 'a::attr()', 'a::text b', 'a::text, b::attr(href)',
    '//a', './/a/@href', 'string(//title)', 'text()', 'descendant::a', '', '   ', 'a[', 'div <', 'a || b',
  ])('refuses %j, leaving it to the DOM path', (source) => {
    expect(compileStreamRules([{ name: 'f', source }], undefined)).toBeUndefined();
    expect(compileStreamRules([], source)).toBeUndefined();
  });

  it('refuses the whole rule set when one selector is outside the subset', () => {
    const fields = [{ name: 'title', source: 'h1.title' }, { name: 'second', source: 'li:nth-child(2)' }];
    expect(compileStreamRules(fields, undefined)).toBeUndefined();
    expect(compileStreamRules([{ name: 'title', source: 'h1.title' }], '//a/@href')).toBeUndefined();
  });

  it('accepts the supported subset', () => {
    const sources = ['h1', '*', 'h1.title.main', '#id', 'div#x.y', '[a]', '[a=v]', '[a~=v]', '[a^=v]', '[a$=v]', '[a*=v]',
      '[a|=v]', '[a=v i]', 'div p', 'div > p', 'div > p span.x', 'a, b', 'a::text', 'a::attr(href)', 'h1::text, h2::text'];
    for (const source of sources) expect(compileStreamRules([{ name: 'f', source }], source), source).toBeDefined();
  });
});
