// The SAX path with item scopes and ::re() fields must give exactly what the DOM path gives:
// one record per element the item selector matches (document order, nested matches included),
// each field being Selector.first(doc, item) — CSS among the item's descendants, a bare ::re()
// over the item's text — and, without an item selector, ::re() fields over the page as a whole.
import type { AnyNode } from 'domhandler';
import { isTag } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../src/demo/index.js';
import { prng } from '../../../src/demo/prng.js';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';
import { compileStreamRules, streamExtract } from '../../../src/parse/stream-extract.js';
import { galleryPage, priceTablePage } from './pages.js';
import { chance, pick, randomChain, randomNodes, randomSelector } from './random-html.js';

type Records = Record<string, string | null>[];

function domItems(html: string, url: string, item: string, fields: readonly string[]): Records {
  const doc = parseHtml(html, url);
  const scopes = compileSelector(item, 'test').matches(doc).filter((node): node is AnyNode => typeof node === 'object' && isTag(node as AnyNode));
  const compiled = fields.map((source) => compileSelector(source, 'test'));
  return scopes.map((scope) => Object.fromEntries(fields.map((source, i) => [source, (compiled[i] as ReturnType<typeof compileSelector>).first(doc, scope)])));
}

function streamItems(html: string, url: string, item: string, fields: readonly string[]): Records {
  const rules = compileStreamRules(fields.map((source) => ({ name: source, source })), undefined, item);
  if (rules === undefined) throw new Error(`refused: item ${item}, fields ${fields.join(' | ')}`);
  const out = streamExtract(rules, html, url);
  expect(out.fields).toEqual({});
  return out.items ?? [];
}

function expectSameItems(html: string, url: string, item: string, fields: readonly string[]): Records {
  const expected = domItems(html, url, item, fields);
  expect(streamItems(html, url, item, fields), `item ${item}\nfields ${fields.join(' | ')}\n${html}`).toEqual(expected);
  return expected;
}

const TABLE_FIELDS = ['td', 'td::text', 'td::text::re(^\\d+\\.\\d+$)', 'th::text', 'b', 'a::attr(href)', 'td::re(\\.(\\d)0$)', '::re(^\\S+)', '::re(斤)', 'nothing'];

describe('streamExtract with an item selector', () => {
  it('gives one record per table row, as the DOM does, with and without <tbody>', () => {
    for (const withTbody of [true, false]) {
      const html = priceTablePage({ withTbody });
      const rows = expectSameItems(html, 'http://127.0.0.1:8080/p/1.shtml', 'table tr', TABLE_FIELDS);
      expect(rows.length).toBeGreaterThan(3);
      expect(rows.filter((row) => row['td::text'] !== null).length).toBeGreaterThan(3);
      for (const item of ['tr', 'table > tr', 'tbody > tr', 'td', 'table', 'div', '*', 'body', 'p.none']) {
        expectSameItems(html, 'http://127.0.0.1:8080/p/1.shtml', item, TABLE_FIELDS);
      }
    }
  });

  it('gives one record per row of the demo site\'s price pages and per video of its list page', async () => {
    const demo = await startDemoServer();
    try {
      for (const path of ['/marketanalysis/0/list/1.shtml', '/marketanalysis/0/list/200.shtml']) {
        const html = await (await fetch(`${demo.url}${path}`)).text();
        const rows = expectSameItems(html, `${demo.url}${path}`, 'table.hq_table tr', ['td', 'td::text', 'td::text::re(^\\d+\\.\\d+$)', '::re(\\d{4}-\\d{2}-\\d{2})']);
        expect(rows).toHaveLength(21);
      }
      const list = await (await fetch(`${demo.url}/category_5`)).text();
      const videos = expectSameItems(list, `${demo.url}/category_5`, 'li.categoryem', ['.vervideo-title', 'a::attr(href)::re(\\d+)', 'span.fav::text']);
      expect(videos.length).toBeGreaterThan(3);
    } finally {
      await demo.close();
    }
  });

  it('gives one record per picture on the gallery page', () => {
    const fields = ['img::attr(data-original)', 'img::attr(alt)', 'a::attr(href)::re(/(\\d+)\\.html)', 'a::text', '::re(\\S+)'];
    const html = galleryPage();
    expect(expectSameItems(html, 'https://pic.example.test/list/', 'li', fields).length).toBeGreaterThanOrEqual(3);
    expectSameItems(html, 'https://pic.example.test/list/', 'ul li a', fields);
  });

  it('scopes nested matches separately: an item inside an item is an item of its own', () => {
    const html = '<div class=i>outer <span>1</span><div class=i>inner <span>2</span></div><span>3</span></div><div class=i></div>';
    const items = expectSameItems(html, 'http://h.test/', 'div.i', ['span', 'span::text', '::re(\\w+)', 'div span::text']);
    expect(items).toEqual([
      { span: '1', 'span::text': '1', '::re(\\w+)': 'outer', 'div span::text': '1' },
      { span: '2', 'span::text': '2', '::re(\\w+)': 'inner', 'div span::text': '2' },
      { span: null, 'span::text': null, '::re(\\w+)': null, 'div span::text': null },
    ]);
  });

  it('lets an item\'s ancestors satisfy a field\'s left part, as css-select does below a context element', () => {
    const html = '<section class=s><ul><li><b>x</b></li><li><b>y</b></li></ul></section><ul><li><b>z</b></li></ul>';
    expect(expectSameItems(html, 'http://h.test/', 'li', ['section b', 'li b', 'section > ul > li > b'])).toEqual([
      { 'section b': 'x', 'li b': 'x', 'section > ul > li > b': 'x' },
      { 'section b': 'y', 'li b': 'y', 'section > ul > li > b': 'y' },
      { 'section b': null, 'li b': 'z', 'section > ul > li > b': null },
    ]);
  });

  it('refuses an item selector with a pseudo-element, or outside the subset, leaving it to the DOM path', () => {
    for (const item of ['tr::text', 'a::attr(href)', 'tr:nth-child(2)', '//tr', 'tr::re(x)']) {
      expect(compileStreamRules([{ name: 'f', source: 'td' }], undefined, item), item).toBeUndefined();
    }
    expect(compileStreamRules([{ name: 'f', source: 'td + td' }], undefined, 'tr')).toBeUndefined();
  });
});

describe('streamExtract with ::re() fields on the whole page', () => {
  it('reads the page source with a bare ::re() and selected values with a trailing one, as the DOM does', () => {
    const html = `<script>var a = 1;</script><p class=x>price 12.5</p><p class=x>price 13</p>
      <script>var srcUrl="https://v.test/a.mp4",vdoUrl=srcUrl;</script><a href="/v/2.html" data-n="n7">x</a>`;
    const fields = ['::re(srcUrl="(.*?)",vdoUrl)', 'script::text::re(srcUrl="(.*?)")', 'p.x::re(\\d+$)', 'p.x::text::re(\\d+\\.\\d+)',
      'a::attr(data-n)::re(\\d)', 'a::attr(href)::re(x)', '::re(nothing)', 'p::re(^(price))'];
    const doc = parseHtml(html, 'http://h.test/');
    const expected = Object.fromEntries(fields.map((source) => [source, compileSelector(source, 'test').first(doc)]));
    const rules = compileStreamRules(fields.map((source) => ({ name: source, source })), undefined);
    if (rules === undefined) throw new Error('refused');
    expect(streamExtract(rules, html, 'http://h.test/').fields).toEqual(expected);
    expect(expected).toMatchObject({ '::re(srcUrl="(.*?)",vdoUrl)': 'https://v.test/a.mp4', 'p.x::re(\\d+$)': '5', 'p.x::text::re(\\d+\\.\\d+)': '12.5' });
  });
});

const FIELD_PSEUDOS = ['', '', '::text', '::text', '::attr(href)', '::attr(class)', '::attr(data-k)'];
const PATTERNS = ['\\w', '^(.)', '(p\\d)', 'a', '[A-Z]', '.*', 'foo|bar', '(\\d)$', 'x(y)?'];

describe('streamExtract on random documents with items and ::re()', () => {
  it('agrees with the DOM path on 400 generated documents', () => {
    const random = prng(20_240_902);
    let items = 0;
    let found = 0;
    for (let n = 0; n < 400; n += 1) {
      const html = randomNodes(random, 0) + randomNodes(random, 0);
      const item = randomChain(random);
      const fields = Array.from({ length: 6 }, () => {
        if (chance(random, 0.1)) return `::re(${pick(random, PATTERNS)})`;
        const selector = randomSelector(random, FIELD_PSEUDOS);
        return chance(random, 0.35) && !selector.includes(',') ? `${selector}::re(${pick(random, PATTERNS)})` : selector;
      });
      const records = expectSameItems(html, 'http://h.test/dir/page.html', item, fields);
      items += records.length;
      found += records.reduce((sum, record) => sum + Object.values(record).filter((value) => value !== null).length, 0);
    }
    // The comparison means something only if items and values are often there.
    expect(items).toBeGreaterThan(400);
    expect(found).toBeGreaterThan(items / 2);
  });
});
