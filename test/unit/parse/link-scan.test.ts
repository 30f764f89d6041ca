// scanLinks must report exactly the <a href> and <base href> that htmlparser2's Parser reports,
// on markup built to trip a hand-written scanner: quotes holding '>', attributes without values
// or quotes, character references, comments that end early or late, declarations, CDATA,
// processing instructions, raw-text elements (including htmlparser2's own odd ones), stray '<',
// and pages cut off mid-tag. Seeded, so every run is the same.
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { prng } from '../../../src/demo/prng.js';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';
import { scanLinks, type LinkSink } from '../../../src/parse/link-scan.js';
import { compileStreamRules, streamExtract } from '../../../src/parse/stream-extract.js';
import { chance, pick, randomNodes, type Random } from './random-html.js';

const PIECES = [
  '<a href="/x">x</a>', "<A HREF='/y'>y</A>", '<a href=/z>', '<a href>', '<a href=>', '<a href = "/sp" >',
  '<a href="/q" href="/dup">', '<a data-x="1>2" href="/gt">', `<a title='it"s' href="/mix">`, '<a href="/amp?a=1&amp;b=2">',
  '<a href="/ent&#x41;">', '<a href=/nq&amp;x>', '<a class=x&y href=/after-amp>', '<a/href="/slash">', '<a / href="/slash2">',
  '<a href="/self"/>', '<a hrefx="/no">', '<a xhref="/no2">', '<a\nhref="/nl">', '<a\thref=/tab>', '<a\fhref=/ff>',
  '<abbr href="/abbr">', '<a0 href="/a0">', '<a href=/un"q\'>', '<a href=\'/sq\'>', '<a =x href=/eq>', '<a href=="/eqeq">',
  '<a b c href d=e href=/late>', '<a HrEf=/case>', '<base href="/b/">', '<BASE HREF="/B2/">', '<base>', '<base href>',
  '<!-- <a href="/c1"> -->', '<!--><a href="/after-short">', '<!---><a href="/after-short2">', '<!-- -- ><a href="/inside"> -->',
  '<!---->', '<!-- --!> <a href="/in-bang"> -->', '<!-- - -> <a href="/in-dash"> --->', '<!DOCTYPE x>', '<!x <a href="/decl">>',
  '<!-x>', '<!->', '<!-><a href="/after-bad-comment">', '<![CDATA[<a href="/cd">]]>', '<![cdata[<a href="/cd2">]]>', '<!>',
  '<?x <a href="/pi"> ?>', '<?>', '</a>', '</ a href="/c">', '</>', '</ >', '</a href=">"><a href="/after-close">', '</3 <a href="/bogus">',
  '<script><a href="/s1"></script>', '<script>"</script "><a href="/s2"></script>', '<SCRIPT><a href="/s3"></SCRIPT >',
  '<script/><a href="/s4">', '<style><a href="/st"></style>', '<title>&amp;<a href="/t"></title>', '<textarea><a href="/ta"></textarea>',
  '<xmp><a href="/xmp"></xmp>', '<tmp><a href="/tmp"></tmp>', '<xitle><a href="/xt"></xitle>', '<scripts><a href="/not-special">',
  '<script></script/><a href="/s5"></script>', '<script>\u001c/script><a href="/s6"></script>', '</scrip>', '<sc<a href="/sc">',
  'a < b', '<<a href="/ll">', '< a href="/spc">', '<3', '&lt;a href="/ent"&gt;', 'x & y', '<', '\u0000', '\u001c', '&',
  '<svg><a href="/svg"/></svg>', '<math><a href="/m">', '<div title="<a href=/in-attr>">', "<p class='>'>", '<p a=">" b=\'<a href=/q2>\'>',
  '<table><tr><td><a href="/td">', '<a href="https://o.test/abs#frag">', '<a href="  /trim  ">', '<a href="#only">', '<a href="javascript:x">',
];

function tail(random: Random): string {
  const parts: string[] = [];
  for (let n = Math.floor(random() * 30) + 5; n > 0; n -= 1) {
    parts.push(chance(random, 0.25) ? randomNodes(random, 2) : pick(random, PIECES));
    if (chance(random, 0.3)) parts.push(pick(random, [' ', '\n', 'text ', '  ']));
  }
  const text = parts.join('');
  // Sometimes the page is cut off anywhere, mid-tag or mid-comment included.
  return chance(random, 0.2) ? text.slice(0, Math.floor(random() * text.length)) : text;
}

/** The a[href] and first base[href] htmlparser2's Parser reports for `html`, as streamExtract collects them. */
function parserLinks(html: string): LinkSink {
  const sink: LinkSink = { rawLinks: [], baseHref: undefined };
  new Parser(
    {
      onopentag(name, attribs) {
        if (sink.baseHref === undefined && name === 'base' && attribs.href !== undefined) sink.baseHref = attribs.href;
        if (name === 'a' && attribs.href !== undefined) sink.rawLinks.push(attribs.href);
      },
    },
    { decodeEntities: true },
  ).end(html);
  return sink;
}

describe('scanLinks', () => {
  it('reports what the parser reports, up to where it hands the page back', () => {
    const random = prng(77_001);
    let whole = 0;
    let handedBack = 0;
    for (let n = 0; n < 3000; n += 1) {
      const html = tail(random);
      const sink: LinkSink = { rawLinks: [], baseHref: undefined };
      const stop = scanLinks(html, 0, sink);
      if (stop < html.length) {
        handedBack += 1;
        expect(html[stop], `stopped off a '<' in: ${JSON.stringify(html)}`).toBe('<');
      } else {
        whole += 1;
      }
      expect(sink, `document ${n}: ${JSON.stringify(html)} (stopped at ${stop})`).toEqual(parserLinks(html.slice(0, stop)));
    }
    // Both outcomes must be exercised for the comparison to mean something.
    expect(whole).toBeGreaterThan(100);
    expect(handedBack).toBeGreaterThan(300);
  });

  it('goes to the end of an ordinary page and finds every link', () => {
    const html = '<div class="x"><p>a < b &amp; c</p><!-- <a href="/no"> --><a href="/one" class=\'q>\'>1</a><br/>'
      + '<a data-k=v HREF=/two>2</a></div><base href="/b/"><a href>e</a>';
    const sink: LinkSink = { rawLinks: [], baseHref: undefined };
    expect(scanLinks(html, 0, sink)).toBe(html.length);
    expect(sink).toEqual({ rawLinks: ['/one', '/two', ''], baseHref: '/b/' });
  });

  it('hands back at a raw-text element and at a link with a character reference', () => {
    const sink: LinkSink = { rawLinks: [], baseHref: undefined };
    const page = '<a href=/a><script>x</script>';
    expect(scanLinks(page, 0, sink)).toBe(page.indexOf('<script>'));
    const amp = '<p><a href="/?a=1&amp;b=2">';
    expect(scanLinks(amp, 0, sink)).toBe(amp.indexOf('<a'));
    expect(sink.rawLinks).toEqual(['/a']);
  });
});

describe('streamExtract once only links are left', () => {
  it('agrees with the DOM path when the fields are decided early and the rest is hostile', () => {
    const random = prng(77_002);
    const rules = compileStreamRules([{ name: 'title', source: 'h1.t' }, { name: 'price', source: 'span.p::text' }], undefined);
    if (rules === undefined) throw new Error('the rules must stream');
    let decided = 0;
    for (let n = 0; n < 1500; n += 1) {
      const head = `<html><head><title>x</title></head><body><h1 class="t">T${n}</h1>`
        + `${chance(random, 0.5) ? 'x'.repeat(Math.floor(random() * 5000)) : ''}<span class="p"> ${n} </span>`;
      // Long enough that the page is fed in several chunks; the fields may also come late or never.
      const html = chance(random, 0.8) ? head + tail(random) + tail(random) : tail(random) + head + tail(random);
      const url = 'http://h.test/dir/page.html';
      const doc = parseHtml(html, url);
      const expected = {
        fields: { title: compileSelector('h1.t', 'test').first(doc), price: compileSelector('span.p::text', 'test').first(doc) },
        links: doc.links(),
      };
      if (expected.fields.title !== null && expected.fields.price !== null) decided += 1;
      expect(streamExtract(rules, html, url), `document ${n}: ${JSON.stringify(html)}`).toEqual(expected);
    }
    expect(decided).toBeGreaterThan(1000);
  });
});
