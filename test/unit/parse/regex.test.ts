// `::re(<pattern>)` at the end of a selector, and the regex helpers behind ctx.re() /
// ctx.reFirst(): Scrapy's `.re()` gives every match over every value, `.re_first()` the first
// value the pattern matches; a match gives its first group, or the whole match without groups.
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { SelectorError } from '../../../src/errors/index.js';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';
import { allMatches, firstMatch, firstMatchIn, splitRegexSuffix } from '../../../src/parse/regex.js';

// The lesson's video page: the mp4 address sits in a script, as `srcUrl="…",vdoUrl=srcUrl`.
const PAGE = `<!DOCTYPE html>
<html><head><title>Video 1737592</title>
<script>var tracker = "none";</script>
</head>
<body>
  <h1 class="video-tt">网友拍到罕见"日晕"奇观</h1>
  <ul>
    <li class="p" data-sku="A-100">Red kettle <b>¥ 12.50</b></li>
    <li class="p" data-sku="B-200">Blue pot <b>¥ 7</b></li>
    <li class="p" data-sku="none">Gift card</li>
  </ul>
  <script type="text/javascript">
  var contId="1737592",liveStatusUrl="liveStatus.jsp",srcUrl="https://video.example.test/mp4/third/20210805/cont-1737592-hd.mp4",vdoUrl=srcUrl,skinRes="/skin";
  </script>
</body></html>`;

const doc = parseHtml(PAGE, 'https://www.example.test/video_1737592');

describe('splitting off a ::re() suffix', () => {
  it('takes the first "::re(" and the last ")", so the pattern keeps its parentheses, quotes and "="', () => {
    expect(splitRegexSuffix('::re(srcUrl="(.*?)",vdoUrl)')).toEqual({ selector: '', pattern: 'srcUrl="(.*?)",vdoUrl' });
    expect(splitRegexSuffix('script::text::re(a=(\\d+))')).toEqual({ selector: 'script::text', pattern: 'a=(\\d+)' });
    expect(splitRegexSuffix('//li/@data-sku::re(^([A-Z])-)')).toEqual({ selector: '//li/@data-sku', pattern: '^([A-Z])-' });
  });

  it('leaves selectors without the suffix alone', () => {
    expect(splitRegexSuffix('li.p::text')).toBeUndefined();
    expect(splitRegexSuffix('a::attr(href)')).toBeUndefined();
    expect(splitRegexSuffix('::re(x) li')).toBeUndefined();
  });
});

describe('match values', () => {
  it('gives the first group, or the whole match when the pattern has none', () => {
    expect(firstMatch(/price: (\d+)/, 'price: 12, price: 13')).toBe('12');
    expect(firstMatch(/\d+/, 'price: 12, price: 13')).toBe('12');
    expect(allMatches(/price: (\d+)/, 'price: 12, price: 13')).toEqual(['12', '13']);
    expect(firstMatch(/x(\d)/, 'no match')).toBeNull();
  });

  it('gives the first group that took part, and "" for a group that matched nothing', () => {
    expect(firstMatch(/(a)|(b)/, 'b')).toBe('b');
    expect(firstMatch(/id=(\d*);/, 'id=;')).toBe('');
  });

  it('steps over empty matches instead of finding them forever', () => {
    expect(allMatches(/x*/, 'ab')).toEqual(['', '', '']);
  });

  it('keeps the flags of a RegExp handed in, and its lastIndex does not leak between calls', () => {
    const global = /A(\d)/gi;
    expect(firstMatch(global, 'a1 a2')).toBe('1');
    expect(firstMatch(global, 'a1 a2')).toBe('1');
    expect(allMatches(global, 'a1 A2')).toEqual(['1', '2']);
  });

  it('returns the first value the pattern matches, as Scrapy\'s re_first() does', () => {
    expect(firstMatchIn(/(\d+)/, ['none', 'x 12', 'y 13'])).toBe('12');
    expect(firstMatchIn(/(\d+)/, ['none'])).toBeNull();
  });
});

describe('selectors ending in ::re()', () => {
  it('reads the page source with a bare ::re(), as the lesson\'s re.findall(…, page) does', () => {
    const src = compileSelector('::re(srcUrl="(.*?)",vdoUrl)', '--extract src');
    expect(src.kind).toBe('regex');
    expect(src.first(doc)).toBe('https://video.example.test/mp4/third/20210805/cont-1737592-hd.mp4');
    expect(src.all(doc)).toEqual(['https://video.example.test/mp4/third/20210805/cont-1737592-hd.mp4']);
    // Markup is part of the source: a bare ::re() can read attributes and tags too.
    expect(compileSelector('::re(data-sku="([A-Z]-\\d+)")', 'test').all(doc)).toEqual(['A-100', 'B-200']);
  });

  it('applies the pattern to each value of a CSS selector in order and gives the first hit', () => {
    // The first <script> does not hold srcUrl: the pattern moves on to the next one.
    const src = compileSelector('script::text::re(srcUrl="(.*?)")', 'test');
    expect(src.kind).toBe('css');
    expect(src.first(doc)).toBe('https://video.example.test/mp4/third/20210805/cont-1737592-hd.mp4');
    expect(compileSelector('li.p b::re([\\d.]+)', 'test').all(doc)).toEqual(['12.50', '7']);
    expect(compileSelector('li.p::attr(data-sku)::re(^[A-Z]-(\\d+)$)', 'test').all(doc)).toEqual(['100', '200']);
  });

  it('applies the pattern to XPath values, strings included', () => {
    expect(compileSelector('//li/@data-sku::re(^([A-Z])-)', 'test').all(doc)).toEqual(['A', 'B']);
    expect(compileSelector('string(//title)::re(\\d+)', 'test').first(doc)).toBe('1737592');
    expect(compileSelector('//h1/text()::re("(.+)")', 'test').first(doc)).toBe('日晕');
  });

  it('gives null from first() and [] from all() when no value matches', () => {
    const selector = compileSelector('li.p::text::re(^\\d+$)', 'test');
    expect(selector.first(doc)).toBeNull();
    expect(selector.all(doc)).toEqual([]);
    expect(compileSelector('nothing::re(.*)', 'test').first(doc)).toBeNull();
  });

  it('reads only inside a context node, and a bare ::re() reads that node\'s text', () => {
    const [, second] = doc.$('li.p').toArray() as Element[];
    expect(compileSelector('b::re([\\d.]+)', 'test').first(doc, second)).toBe('7');
    expect(compileSelector('./@data-sku::re(\\d+)', 'test').first(doc, second)).toBe('200');
    expect(compileSelector('::re(^(\\w+) pot)', 'test').first(doc, second)).toBe('Blue');
    expect(compileSelector('::re(^(\\w+) pot)', 'test').first(doc)).toBeNull();
  });

  it('gives the values themselves from matches(), so --follow can take URLs out of a script', () => {
    expect(compileSelector('script::text::re(srcUrl="(.*?)")', 'test').matches(doc)).toEqual([
      'https://video.example.test/mp4/third/20210805/cont-1737592-hd.mp4',
    ]);
    expect(doc.links('script::text::re(srcUrl="(.*?)")')).toEqual(['https://video.example.test/mp4/third/20210805/cont-1737592-hd.mp4']);
  });

  it.each([
    ['::re()', 'needs a pattern'],
    ['li::re(a(b)', 'not a valid regular expression'],
    ['li[::re(x)', 'CSS syntax error'],
    ['//li[::re(x)', 'never closed'],
  ])('rejects %j (%s), naming the selector and the place', (source, reason) => {
    let error: unknown;
    try {
      compileSelector(source, '--extract f');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SelectorError);
    expect((error as SelectorError).message).toContain(reason);
    expect((error as SelectorError).message).toContain('--extract f');
  });
});
