import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { SelectorError } from '../../../src/errors/index.js';
import { compileSelector, looksLikeXPath, parseHtml } from '../../../src/parse/index.js';

const PAGE = `<!DOCTYPE html>
<html><head><title>Item 42 &amp; friends</title></head>
<body>
  <div class="product">
    <h1 class="title">
      商品 00042 红色 耳机
    </h1>
    <p class="intro">Hello <b>bold</b> world</p>
    <td-like class="cell">
      <span>x</span>
      after
    </td-like>
    <span class="price">&yen;199.00</span>
    <a class="more" href="/item/43.html">next</a>
    <a class="more" href="/item/44.html" data-x="">other</a>
    <a class="plain">no href</a>
  </div>
</body></html>`;

const doc = parseHtml(PAGE, 'http://127.0.0.1:8080/item/42.html');

function selectorError(expression: string, place: string): SelectorError {
  try {
    compileSelector(expression, place);
  } catch (error) {
    expect(error).toBeInstanceOf(SelectorError);
    return error as SelectorError;
  }
  throw new Error(`${expression} compiled`);
}

describe('telling CSS from XPath', () => {
  it.each(['/html/body', './tr', '(//a)[1]', '../x', '.', '@href', 'string(//title)', 'normalize-space(.)', 'text()', 'descendant::a', 'following-sibling::p'])(
    'treats %j as XPath',
    (source) => {
      expect(looksLikeXPath(source)).toBe(true);
      expect(compileSelector(source, 'test').kind).toBe('xpath');
    },
  );

  it.each(['h1.title', '.price', 'a:not(.plain)', '*', 'div > p::text', 'a::attr(href)', 'li:nth-child(2)'])(
    'treats %j as CSS',
    (source) => {
      expect(looksLikeXPath(source)).toBe(false);
      expect(compileSelector(source, 'test').kind).toBe('css');
    },
  );
});

describe('selector values', () => {
  it('gives an element\'s whole text content, trimmed, for a plain CSS match', () => {
    expect(compileSelector('h1.title', 'test').first(doc)).toBe('商品 00042 红色 耳机');
    expect(compileSelector('p.intro', 'test').first(doc)).toBe('Hello bold world');
  });

  it('gives only the element\'s own text nodes for ::text, as parsel does', () => {
    const own = compileSelector('p.intro::text', 'test');
    expect(own.all(doc)).toEqual(['Hello', 'world']);
    expect(own.first(doc)).toBe('Hello');
  });

  it('skips whitespace-only text nodes, so ::text finds the text after a child element', () => {
    expect(compileSelector('td-like.cell::text', 'test').first(doc)).toBe('after');
    expect(compileSelector('//td-like/text()', 'test').first(doc)).toBe('after');
  });

  it('gives attribute values for ::attr(name), only from elements that have it', () => {
    const hrefs = compileSelector('a.more::attr(href), a.plain::attr(href)', 'test');
    expect(hrefs.all(doc)).toEqual(['/item/43.html', '/item/44.html']);
    expect(compileSelector('a::attr(data-x)', 'test').first(doc)).toBe('');
    expect(compileSelector('a.plain::attr(href)', 'test').first(doc)).toBeNull();
  });

  it('decodes entities in text and attributes', () => {
    expect(compileSelector('span.price', 'test').first(doc)).toBe('¥199.00');
    expect(compileSelector('//title/text()', 'test').first(doc)).toBe('Item 42 & friends');
  });

  it('returns null from first and [] from all when nothing matches', () => {
    for (const source of ['div.missing', 'div.missing::text', '//div[@id="missing"]', '//nothing/@href']) {
      const selector = compileSelector(source, 'test');
      expect(selector.first(doc)).toBeNull();
      expect(selector.all(doc)).toEqual([]);
    }
  });

  it('gives the string form of XPath strings, numbers and booleans', () => {
    expect(compileSelector('count(//a)', 'test').first(doc)).toBe('3');
    expect(compileSelector('count(//a) div 2', 'test').all(doc)).toEqual(['1.5']);
    expect(compileSelector('boolean(//h1)', 'test').first(doc)).toBe('true');
    expect(compileSelector('normalize-space(//h1)', 'test').first(doc)).toBe('商品 00042 红色 耳机');
    expect(compileSelector('//a/@href', 'test').all(doc)).toEqual(['/item/43.html', '/item/44.html']);
  });

  it('searches below a context element, for CSS and XPath alike', () => {
    const product = doc.$('div.product').get(0) as Element;
    expect(compileSelector('span.price', 'test').first(doc, product)).toBe('¥199.00');
    expect(compileSelector('./span[@class="price"]', 'test').first(doc, product)).toBe('¥199.00');
    const anchor = doc.$('a.more').get(0) as Element;
    expect(compileSelector('span.price', 'test').first(doc, anchor)).toBeNull();
  });

  it('returns the matched nodes themselves from matches()', () => {
    const [title] = compileSelector('h1.title', 'test').matches(doc);
    expect(title).toBe(doc.$('h1').get(0));
    expect(compileSelector('count(//a)', 'test').matches(doc)).toEqual(['3']);
  });
});

describe('broken selectors', () => {
  it('rejects broken CSS at compile time, naming the selector and the place', () => {
    const error = selectorError('a[href', '--extract link');
    expect(error.code).toBe('TRAWL_ERR_SELECTOR');
    expect(error.selector).toBe('a[href');
    expect(error.place).toBe('--extract link');
    expect(error.message).toContain('"a[href"');
    expect(error.message).toContain('--extract link');
  });

  it('rejects broken XPath at compile time, naming the selector and the place', () => {
    const error = selectorError('//div[', '--extract title');
    expect(error.place).toBe('--extract title');
    expect(error.message).toContain('"//div["');
    expect(error.message).toContain('--extract title');
    expect(error.message).toContain('never closed');
  });

  it.each([
    ['', 'empty selector'],
    ['div >', 'combinator'],
    ['a::before', 'unsupported pseudo-element'],
    ['a::attr()', 'attribute name'],
    ['a::text b', 'at the end'],
    ['a::text, b::attr(href)', 'same pseudo-element'],
    ['li:nth-child(x)', 'nth'],
    ['a:unknown', 'Unknown pseudo-class'],
    ['//a[@href="x]', 'unterminated string'],
    ['substring(//a)', 'substring() takes 2 to 3 argument(s), got 1'],
    ['//a[foo()]', 'unknown XPath function foo()'],
    ['//svg:path', 'namespace prefix svg:'],
  ])('rejects %j (%s)', (source, reason) => {
    expect(selectorError(source, '--follow').message).toContain(reason);
  });
});
