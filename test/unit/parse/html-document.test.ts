import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { compileSelector, parseHtml } from '../../../src/parse/index.js';

const LINKS_PAGE = `<!DOCTYPE html>
<html><head><title>links</title></head>
<body>
  <nav>
    <a href="/list/1.html">首页</a>
    <a href="list/2.html">相对</a>
    <a href="../up.html">上级</a>
    <a href="?page=3">查询</a>
    <a href="/list/1.html#top">again, with a fragment</a>
    <a href="  /spaced.html  ">spaced</a>
  </nav>
  <a href="#comments">fragment only</a>
  <a href="">empty</a>
  <a href="mailto:shop@example.test">mail</a>
  <a href="javascript:void(0)">js</a>
  <a href="tel:+8610000000">tel</a>
  <a href="data:text/html,hi">data</a>
  <a href="https://other.example.test/x?y=1#z">external</a>
  <a href="http://[broken">broken</a>
  <a>no href</a>
  <img src="/img/1.jpg"><img src="/img/2.jpg"><img src="/img/1.jpg">
  <div class="pager"><a href="/list/9.html">next</a></div>
</body></html>`;

describe('HtmlDocument', () => {
  it('keeps the page URL and, without <base>, resolves against it', () => {
    const doc = parseHtml(LINKS_PAGE, 'http://127.0.0.1:8080/dir/page.html');
    expect(doc.url).toBe('http://127.0.0.1:8080/dir/page.html');
    expect(doc.baseUrl).toBe('http://127.0.0.1:8080/dir/page.html');
  });

  it('lists links absolute, deduplicated, in document order, without fragments or non-http schemes', () => {
    const doc = parseHtml(LINKS_PAGE, 'http://127.0.0.1:8080/dir/page.html');
    expect(doc.links()).toEqual([
      'http://127.0.0.1:8080/list/1.html',
      'http://127.0.0.1:8080/dir/list/2.html',
      'http://127.0.0.1:8080/up.html',
      'http://127.0.0.1:8080/dir/page.html?page=3',
      'http://127.0.0.1:8080/spaced.html',
      'https://other.example.test/x?y=1',
      'http://127.0.0.1:8080/list/9.html',
    ]);
  });

  it('takes links from what a CSS or XPath selector yields', () => {
    const doc = parseHtml(LINKS_PAGE, 'http://127.0.0.1:8080/dir/page.html');
    expect(doc.links('div.pager a')).toEqual(['http://127.0.0.1:8080/list/9.html']);
    expect(doc.links('img::attr(src)')).toEqual(['http://127.0.0.1:8080/img/1.jpg', 'http://127.0.0.1:8080/img/2.jpg']);
    expect(doc.links('//nav/a[position() <= 2]/@href')).toEqual([
      'http://127.0.0.1:8080/list/1.html',
      'http://127.0.0.1:8080/dir/list/2.html',
    ]);
    expect(doc.links(compileSelector('string(//div[@class="pager"]/a/@href)', 'test'))).toEqual([
      'http://127.0.0.1:8080/list/9.html',
    ]);
  });

  it('resolves links against the first <base href>, itself resolved against the page URL', () => {
    const html = `<html><head><base href="/static/v2/"><base href="http://elsewhere.test/"></head>
      <body><a href="a.html">a</a><a href="/root.html">root</a></body></html>`;
    const doc = parseHtml(html, 'http://127.0.0.1:8080/dir/page.html');
    expect(doc.baseUrl).toBe('http://127.0.0.1:8080/static/v2/');
    expect(doc.links()).toEqual(['http://127.0.0.1:8080/static/v2/a.html', 'http://127.0.0.1:8080/root.html']);
  });

  it('ignores a <base> that has no href or is not http(s)', () => {
    const noHref = parseHtml('<head><base target="_blank"></head><a href="x">x</a>', 'http://h.test/a/b');
    expect(noHref.baseUrl).toBe('http://h.test/a/b');
    const script = parseHtml('<head><base href="javascript:alert(1)"></head><a href="x">x</a>', 'http://h.test/a/b');
    expect(script.links()).toEqual(['http://h.test/a/x']);
  });

  it('decodes entities and keeps Chinese text intact', () => {
    const doc = parseHtml(
      '<html><body><p id="t">价格 &yen;12&#46;50 &amp; 运费&nbsp;免 &lt;包邮&gt; &#x4E2D;文</p></body></html>',
      'http://h.test/',
    );
    expect(doc.$('#t').text()).toBe('价格 ¥12.50 & 运费\u00a0免 <包邮> 中文');
    expect(doc.xpath('string(//p)')).toBe('价格 ¥12.50 & 运费\u00a0免 <包邮> 中文');
  });

  it('gives a cheerio API over the same tree, created once', () => {
    const doc = parseHtml(LINKS_PAGE, 'http://h.test/');
    expect(doc.$).toBe(doc.$);
    expect(doc.$.root().get(0)).toBe(doc.root);
    const pager = doc.$('div.pager').get(0) as Element;
    expect(compileSelector('a::attr(href)', 'test').first(doc, pager)).toBe('/list/9.html');
  });

  it('does not insert <tbody>, <html> or <body> the source does not have', () => {
    const doc = parseHtml('<table><tr><td>1</td></tr></table>', 'http://h.test/');
    expect(doc.$('tbody').length).toBe(0);
    expect(doc.xpath('count(//html | //body)')).toBe(0);
    expect(doc.xpath('string(./table/tr/td)')).toBe('1');
  });
});
