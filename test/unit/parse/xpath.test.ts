import type { AnyNode, Element, Text } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { SelectorError } from '../../../src/errors/index.js';
import { compileSelector, isXPathAttribute, parseHtml, type XPathAttribute, type XPathNode } from '../../../src/parse/index.js';
import { GALLERY_PICTURES, PRICE_ROWS, galleryPage, priceTablePage } from './pages.js';

const PAGE_URL = 'http://127.0.0.1:8080/priceindex/1.shtml';

function nodes(value: unknown): AnyNode[] {
  expect(Array.isArray(value)).toBe(true);
  return value as AnyNode[];
}

describe('the lesson\'s price table chain (XPath written for lxml)', () => {
  it('finds the rows of a table written without <tbody>, and no <tbody> is invented', () => {
    const doc = parseHtml(priceTablePage({ withTbody: false }), PAGE_URL);
    const tables = nodes(doc.xpath('/html/body/div[2]/div[4]/div[1]/table'));
    expect(tables).toHaveLength(1);
    const table = tables[0] as Element;
    expect(doc.xpath('count(.//tbody)', table)).toBe(0);

    const rows = nodes(doc.xpath('./tr[position()>1]', table));
    expect(rows).toHaveLength(PRICE_ROWS.length);
    const cells = rows.map((row) => nodes(doc.xpath('./td/text()', row)).map((text) => (text as Text).data));
    expect(cells[0]).toEqual(['大白菜', '0.60', '0.80', '1.00', '河北', '斤', '2024-06-01']);
    expect(cells[3]?.[0]).toBe('黄瓜 & 青椒');
    expect(cells.map((row) => row[2])).toEqual(PRICE_ROWS.map((row) => row.average));
  });

  it('keeps a <tbody> that the source does contain, so lxml paths through it still work', () => {
    const doc = parseHtml(priceTablePage({ withTbody: true }), PAGE_URL);
    expect(nodes(doc.xpath('/html/body/div[2]/div[4]/div[1]/table/tr'))).toHaveLength(0);
    const rows = nodes(doc.xpath('/html/body/div[2]/div[4]/div[1]/table/tbody/tr[position()>1]'));
    expect(rows).toHaveLength(PRICE_ROWS.length);
  });

  it('runs the same chain as compiled selectors with a context node', () => {
    const doc = parseHtml(priceTablePage({ withTbody: false }), PAGE_URL);
    const rowSelector = compileSelector('./tr[position()>1]', '--extract rows');
    const cellSelector = compileSelector('./td/text()', '--extract cells');
    const table = nodes(doc.xpath('/html/body/div[2]/div[4]/div[1]/table'))[0];
    const rows = rowSelector.matches(doc, table) as AnyNode[];
    expect(rows.map((row) => cellSelector.all(doc, row)[1])).toEqual(PRICE_ROWS.map((row) => row.low));
    expect(cellSelector.first(doc, rows[1])).toBe('西红柿');
  });
});

describe('the lesson\'s gallery chain', () => {
  it('reads data-original from the anchors the absolute path finds', () => {
    const doc = parseHtml(galleryPage(), 'http://127.0.0.1:8080/gallery/1.html');
    const anchors = nodes(doc.xpath('//*[@id="pic-detail"]/div/div[2]/div[2]/ul/li/div/div/a'));
    expect(anchors).toHaveLength(GALLERY_PICTURES.length);
    const sources = anchors.flatMap((anchor) => nodes(doc.xpath('./img/@data-original', anchor)));
    expect(sources.every(isXPathAttribute)).toBe(true);
    expect(sources.map((attribute) => (attribute as unknown as XPathAttribute).value)).toEqual(
      GALLERY_PICTURES.map((picture) => picture.thumb),
    );
    const first = sources[0] as unknown as XPathAttribute;
    expect(first.name).toBe('data-original');
    expect(first.ownerElement.name).toBe('img');
  });
});

describe('XPath axes', () => {
  const doc = parseHtml(
    '<html><body><div id="a"><p id="p1">x<b id="b1">y</b></p><p id="p2">z</p></div><div id="c"><p id="p3">w</p></div></body></html>',
    'http://127.0.0.1:8080/',
  );
  const names = (expression: string): string[] =>
    nodes(doc.xpath(expression)).map((node) => (node as Element).attribs?.id ?? (node as Text).data);

  it('following:: skips the context\'s descendants and includes its following siblings (XPath 1.0 §2.2)', () => {
    expect(names('//p[@id="p1"]/following::*')).toEqual(['p2', 'c', 'p3']);
    expect(names('//p[@id="p1"]/following::node()')).toEqual(['p2', 'z', 'c', 'p3', 'w']);
    expect(names('//p[@id="p1"]/@id/following::*')).toEqual(['b1', 'p2', 'c', 'p3']);
  });

  it('preceding:: leaves out the context\'s ancestors and counts nearest first in predicates', () => {
    expect(names('//p[@id="p2"]/preceding::*')).toEqual(['p1', 'b1']);
    expect(names('//b/preceding::*')).toEqual([]);
    expect(names('//p[@id="p3"]/preceding::*[1]')).toEqual(['p2']);
    expect(names('//p[@id="p3"]/preceding::*[last()]')).toEqual(['a']);
    expect(names('//p[@id="p3"]/preceding::p[2]')).toEqual(['p1']);
    expect(names('//p[@id="p2"]/@id/preceding::p')).toEqual(['p1']);
  });

  it('ancestor:: counts nearest first in predicates, and a parenthesised path in document order', () => {
    expect(names('//b/ancestor::*[1]')).toEqual(['p1']);
    expect(nodes(doc.xpath('(//b/ancestor::*)[1]')).map((node) => (node as Element).name)).toEqual(['html']);
    expect(names('//p[@id="p1"]/@id/..')).toEqual(['p1']);
  });
});

describe('XPath evaluation context and results', () => {
  const doc = parseHtml(priceTablePage({ withTbody: false }), PAGE_URL);

  it('evaluates ./ and bare relative paths from the <html> element, as lxml and parsel do', () => {
    expect(nodes(doc.xpath('./body/div'))).toEqual(nodes(doc.xpath('/html/body/div')));
    expect(doc.xpath('string(head/title)')).toBe('北京新发地 价格行情 – 第 1 页');
    expect(nodes(doc.xpath('.'))[0]).toBe(doc.root.children.find((child) => (child as Element).name === 'html'));
  });

  it('evaluates a path starting with / from the document even when a context node is given', () => {
    const cell = nodes(doc.xpath('//td'))[0] as Element;
    expect(nodes(doc.xpath('/html/head/title', cell))).toHaveLength(1);
    expect(nodes(doc.xpath('./title', cell))).toHaveLength(0);
  });

  it('supports grouping, positions and the core functions', () => {
    expect((nodes(doc.xpath('(//td)[1]/text()'))[0] as Text).data).toBe('大白菜');
    expect((nodes(doc.xpath('(//tr)[last()]/td[1]/text()'))[0] as Text).data).toContain('黄瓜');
    expect(doc.xpath('count(//table/tr)')).toBe(PRICE_ROWS.length + 1);
    expect(doc.xpath('normalize-space(//div[@class="crumbs"])')).toBe('首页 > 价格行情');
    expect(nodes(doc.xpath('//a[contains(@href, "priceindex")]'))).toHaveLength(2);
    expect(doc.xpath('boolean(//div[@class="pager"])')).toBe(true);
    expect(nodes(doc.xpath('//tr[td[5]="山东"]/td[1]/text()')).map((text) => (text as Text).data)).toEqual(['西红柿']);
  });

  it('walks the reverse and sideways axes and finds elements by id()', () => {
    const average = nodes(doc.xpath('//td[.="2.25"]'))[0] as Element;
    expect(doc.xpath('string(preceding-sibling::td[1])', average)).toBe('1.50');
    expect(doc.xpath('string(following-sibling::td[last()])', average)).toBe('2024-06-01');
    expect(doc.xpath('count(ancestor::div)', average)).toBe(3);
    expect(doc.xpath('count(preceding::tr)', average)).toBe(2);
    expect(doc.xpath('string(../preceding-sibling::tr[1]/td[1])', average)).toBe('大白菜');
    const gallery = parseHtml(galleryPage(), 'http://127.0.0.1:8080/gallery/1.html');
    expect(gallery.xpath('count(id("pic-detail")//img)')).toBe(GALLERY_PICTURES.length);
    expect(gallery.xpath('namespace::*')).toEqual([]);
  });

  it('returns node-sets in document order, attributes right after their element', () => {
    const values = doc.xpath('//div[@class="pager"]/a/@href | //div[@class="pager"]/a') as XPathNode[];
    expect(values.map((value) => (isXPathAttribute(value) ? `@${value.value}` : (value as Element).name))).toEqual([
      'a',
      '@/priceindex/1.shtml',
      'a',
      '@/priceindex/2.shtml',
    ]);
  });

  it('uses lower-case names, as an HTML parser reports them', () => {
    const upper = parseHtml('<HTML><BODY><DIV CLASS="Box" ID="x">Hi</DIV></BODY></HTML>', PAGE_URL);
    expect(nodes(upper.xpath('//div[@class="Box"]'))).toHaveLength(1);
    expect(nodes(upper.xpath('//DIV'))).toHaveLength(0);
    expect(upper.xpath('name(//*[@id="x"])')).toBe('div');
  });

  it('does not treat the doctype as an element', () => {
    expect(doc.xpath('count(/*)')).toBe(1);
    expect(doc.xpath('name(/*)')).toBe('html');
  });

  it('hands back the very nodes cheerio works on', () => {
    const table = nodes(doc.xpath('//table'))[0] as Element;
    expect(doc.$('table').get(0)).toBe(table);
    expect(doc.$(table).find('tr').length).toBe(PRICE_ROWS.length + 1);
    const cheerioRow = doc.$('tr').get(2) as Element;
    expect((nodes(doc.xpath('./td[1]/text()', cheerioRow))[0] as Text).data).toBe('西红柿');
  });

  it('rejects a broken expression with a SelectorError', () => {
    expect(() => doc.xpath('//div[')).toThrow(SelectorError);
    expect(() => doc.xpath('//div[nosuch()]')).toThrow(/unknown XPath function nosuch\(\)/);
  });
});
