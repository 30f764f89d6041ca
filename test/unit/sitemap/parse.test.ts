// The sitemap document formats, fed in pieces as they stream in: sitemaps.org's <urlset> and
// <sitemapindex> (§ "XML tag definitions"), plain-text sitemaps (§ "Text file"), robots.txt
// `Sitemap:` lines (§ "Specifying the Sitemap location in your robots.txt file"), and W3C
// datetimes in <lastmod>.
import { describe, expect, it } from 'vitest';
import { parseLastmod, SitemapParser } from '../../../src/sitemap/parse.js';

/** Feeds `text` in pieces of `size` characters and returns everything found. */
function parse(text: string, options: { robots?: boolean; size?: number } = {}) {
  const parser = new SitemapParser(options.robots === true);
  const size = options.size ?? 7;
  const urls: { loc: string; lastmod: string | undefined }[] = [];
  const sitemaps: { loc: string; lastmod: string | undefined }[] = [];
  const drain = (): void => {
    urls.push(...parser.urls);
    sitemaps.push(...parser.sitemaps);
    parser.urls = [];
    parser.sitemaps = [];
  };
  for (let i = 0; i < text.length; i += size) {
    parser.write(text.slice(i, i + size));
    drain();
  }
  parser.end();
  drain();
  return { urls, sitemaps, format: parser.format, problem: parser.problem, badLines: parser.badLines, firstBadLine: parser.firstBadLine };
}

const URLSET = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://www.example.com/</loc>
    <lastmod>2005-01-01</lastmod>
    <changefreq>monthly</changefreq>
    <priority>0.8</priority>
  </url>
  <url><loc> https://www.example.com/catalog?item=12&amp;desc=vacation_hawaii </loc>
    <image:image><image:loc>https://cdn.example.com/photo.jpg</image:loc></image:image></url>
  <url><loc><![CDATA[https://www.example.com/cdata?a=1&b=2]]></loc><lastmod>2004-12-23T18:00:15+00:00</lastmod></url>
  <url><lastmod>2004-11-23</lastmod></url>
</urlset>`;

describe('a <urlset>', () => {
  it.each([1, 7, 4096])('gives every <url>\'s <loc> and <lastmod>, entities decoded, fed %i characters at a time', (size) => {
    const found = parse(URLSET, { size });
    expect(found.format).toBe('urlset');
    expect(found.problem).toBeUndefined();
    expect(found.urls).toEqual([
      { loc: 'https://www.example.com/', lastmod: '2005-01-01' },
      { loc: 'https://www.example.com/catalog?item=12&desc=vacation_hawaii', lastmod: undefined },
      { loc: 'https://www.example.com/cdata?a=1&b=2', lastmod: '2004-12-23T18:00:15+00:00' },
    ]);
    expect(found.sitemaps).toEqual([]);
  });

  it('reads a prefixed <sm:urlset> as a urlset', () => {
    const found = parse('<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9"><sm:url><sm:loc>http://a.test/x</sm:loc></sm:url></sm:urlset>');
    expect(found.urls).toEqual([{ loc: 'http://a.test/x', lastmod: undefined }]);
  });
});

describe('a <sitemapindex>', () => {
  it('gives every <sitemap>\'s <loc> as a further sitemap, with its <lastmod>', () => {
    const found = parse(`<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://www.example.com/sitemap1.xml.gz</loc><lastmod>2004-10-01T18:23:17+00:00</lastmod></sitemap>
  <sitemap><loc>http://www.example.com/sitemap2.xml.gz</loc></sitemap>
</sitemapindex>`);
    expect(found.format).toBe('sitemapindex');
    expect(found.urls).toEqual([]);
    expect(found.sitemaps).toEqual([
      { loc: 'http://www.example.com/sitemap1.xml.gz', lastmod: '2004-10-01T18:23:17+00:00' },
      { loc: 'http://www.example.com/sitemap2.xml.gz', lastmod: undefined },
    ]);
  });
});

describe('documents that are not sitemaps', () => {
  it('says an HTML page is an HTML page', () => {
    const found = parse('<!DOCTYPE html>\n<html><head><title>Not found</title></head><body><a href="/x">x</a></body></html>');
    expect(found.problem).toBe('an HTML page, not a sitemap');
    expect(found.urls).toEqual([]);
  });

  it('names the root element of other XML', () => {
    expect(parse('<rss version="2.0"><channel><item><link>http://a.test/</link></item></channel></rss>').problem).toBe(
      'not a sitemap (its root element is <rss>)',
    );
  });

  it('counts the lines of a text document that are not URLs', () => {
    const found = parse('Not Found\nsorry\n');
    expect(found.format).toBe('text');
    expect(found.urls).toEqual([]);
    expect(found.badLines).toBe(2);
    expect(found.firstBadLine).toBe(1);
  });
});

describe('a text sitemap', () => {
  it('gives one URL a line, CRLF or LF, the last line without a newline too', () => {
    const found = parse('http://www.example.com/catalog?item=1\r\nhttp://www.example.com/catalog?item=11\n\nhttps://www.example.com/last', { size: 3 });
    expect(found.format).toBe('text');
    expect(found.urls.map((url) => url.loc)).toEqual([
      'http://www.example.com/catalog?item=1',
      'http://www.example.com/catalog?item=11',
      'https://www.example.com/last',
    ]);
    expect(found.badLines).toBe(0);
  });
});

describe('a robots.txt', () => {
  it('gives the URL of every Sitemap: line, in any letter case, and nothing else', () => {
    const found = parse('User-agent: *\nDisallow: /private\nSitemap: http://www.example.com/sitemap.xml\nsitemap:https://www.example.com/news.xml.gz\n# Sitemap: http://commented.test/\n', { robots: true, size: 5 });
    expect(found.format).toBe('robots');
    expect(found.urls).toEqual([]);
    expect(found.sitemaps.map((sitemap) => sitemap.loc)).toEqual(['http://www.example.com/sitemap.xml', 'https://www.example.com/news.xml.gz']);
  });
});

describe('<lastmod> as a W3C datetime', () => {
  it.each([
    ['2005-01-01', '2005-01-01T00:00:00.000Z'],
    ['2004-12-23T18:00:15+00:00', '2004-12-23T18:00:15.000Z'],
    ['2004-12-23T18:00:15.5-05:00', '2004-12-23T23:00:15.500Z'],
    ['2004-12-23T18:00+0100', '2004-12-23T17:00:00.000Z'],
    ['2004-12-23T18:00Z', '2004-12-23T18:00:00.000Z'],
    ['2004-12', '2004-12-01T00:00:00.000Z'],
    ['2004', '2004-01-01T00:00:00.000Z'],
  ])('reads %j', (text, iso) => {
    expect(new Date(parseLastmod(text)).toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', '2004-13-01', '12/23/2004', '2004-12-23 18:00'])('gives NaN for %j', (text) => {
    expect(parseLastmod(text)).toBeNaN();
  });
});
