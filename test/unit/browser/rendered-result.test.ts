// A render handed to the crawl as a FetchResult: the DOM's bytes, described truthfully.
import { describe, expect, it } from 'vitest';
import { renderedFetchResult } from '../../../src/browser/rendered-result.js';

describe('renderedFetchResult', () => {
  it('gives the serialised DOM as a UTF-8 body whose headers describe it, from the requested URL to where the page landed', () => {
    const html = '<!DOCTYPE html><html><head><meta charset="gbk"></head><body><h1>价格</h1></body></html>';
    const result = renderedFetchResult('http://a.test/go', {
      url: 'http://a.test/there',
      status: 200,
      headers: { 'content-type': 'text/html; charset=gbk', 'content-encoding': 'gzip', 'content-length': '12', 'x-id': '7' },
      html,
    });
    expect(result.body.toString('utf8')).toBe(html);
    expect(result).toMatchObject({ url: 'http://a.test/there', redirects: ['http://a.test/go', 'http://a.test/there'], status: 200, charset: 'utf-8', text: html, attempts: 1 });
    expect(result.headers).toEqual({ 'content-type': 'text/html; charset=utf-8', 'content-length': String(result.body.length), 'x-id': '7' });
  });
});
