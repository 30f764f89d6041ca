// The HTTP cache in rfc9111 mode, against a real server: fresh responses are served without a
// request, stale ones are revalidated with the stored validators and a 304 serves the stored
// body, Vary and no-store are obeyed, and an unsafe request invalidates what was stored.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetcher, server } from './fixtures.js';

function client() {
  return fetcher({ cache: { dir: mkdtempSync(join(tmpdir(), 'trawl-rfc9111-')), mode: 'rfc9111' } });
}

describe('HTTP cache, rfc9111 mode', () => {
  it('serves a fresh response (max-age) without a request, with an Age header', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'cache-control': 'max-age=3600' }).end('fresh');
    });
    const http = client();
    await http.fetch({ url: `${site.url}/f` });
    const hit = await http.fetch({ url: `${site.url}/f` });
    expect(hit.cache).toBe('hit');
    expect(hit.text).toBe('fresh');
    expect(Number(hit.headers.age)).toBeGreaterThanOrEqual(0);
    expect(site.log).toHaveLength(1);
  });

  it('revalidates a response marked no-cache with If-None-Match, and a 304 serves the stored body', async () => {
    const site = await server((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"', 'x-checked': 'yes' }).end();
      else res.writeHead(200, { etag: '"v1"', 'cache-control': 'no-cache', 'content-type': 'text/html' }).end('<p>stored body</p>');
    });
    const http = client();
    const first = await http.fetch({ url: `${site.url}/page` });
    const second = await http.fetch({ url: `${site.url}/page` });
    expect(second.status).toBe(200);
    expect(second.text).toBe(first.text);
    expect(second.cache).toBe('revalidated');
    expect(second.headers['x-checked']).toBe('yes');
    expect(second.headers['content-type']).toBe('text/html');
    expect(site.log.map((entry) => entry.headers['if-none-match'] ?? null)).toEqual([null, '"v1"']);
  });

  it('revalidates a stale response with If-Modified-Since when it has only Last-Modified', async () => {
    const lastModified = new Date(Date.now() - 3_600_000).toUTCString();
    const site = await server((req, res) => {
      if (req.headers['if-modified-since'] === lastModified) res.writeHead(304).end();
      else res.writeHead(200, { 'last-modified': lastModified, 'cache-control': 'max-age=0' }).end('dated');
    });
    const http = client();
    await http.fetch({ url: `${site.url}/d` });
    const second = await http.fetch({ url: `${site.url}/d` });
    expect(second.cache).toBe('revalidated');
    expect(second.text).toBe('dated');
    expect(site.log[1]!.headers['if-modified-since']).toBe(lastModified);
  });

  it('replaces the stored response when the revalidation brings a new one', async () => {
    let version = 1;
    const site = await server((req, res) => {
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { etag, 'cache-control': 'no-cache' }).end(`version ${version}`);
    });
    const http = client();
    expect((await http.fetch({ url: `${site.url}/v` })).text).toBe('version 1');
    version = 2;
    const changed = await http.fetch({ url: `${site.url}/v` });
    expect(changed.text).toBe('version 2');
    expect(changed.cache).toBeUndefined();
    const again = await http.fetch({ url: `${site.url}/v` });
    expect(again.cache).toBe('revalidated');
    expect(again.text).toBe('version 2');
  });

  it('does not serve a response stored for another value of a Vary header', async () => {
    const site = await server((req, res) => {
      res.writeHead(200, { vary: 'accept-language', 'cache-control': 'max-age=600' }).end(`lang ${req.headers['accept-language']}`);
    });
    const http = client();
    const en = await http.fetch({ url: `${site.url}/l`, headers: { 'accept-language': 'en' } });
    const fr = await http.fetch({ url: `${site.url}/l`, headers: { 'accept-language': 'fr' } });
    expect([en.text, fr.text]).toEqual(['lang en', 'lang fr']);
    expect(fr.cache).toBeUndefined();
    expect(site.log).toHaveLength(2);
  });

  it('never stores no-store responses', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'cache-control': 'no-store, max-age=600' }).end('secret');
    });
    const http = client();
    await http.fetch({ url: `${site.url}/s` });
    await http.fetch({ url: `${site.url}/s` });
    expect(site.log).toHaveLength(2);
  });

  it('invalidates a stored GET response after a successful POST to the same URL', async () => {
    let count = 0;
    const site = await server((req, res) => {
      if (req.method === 'POST') res.writeHead(204).end();
      else res.writeHead(200, { 'cache-control': 'max-age=600' }).end(`count ${count++}`);
    });
    const http = client();
    expect((await http.fetch({ url: `${site.url}/c` })).text).toBe('count 0');
    expect((await http.fetch({ url: `${site.url}/c` })).text).toBe('count 0');
    await http.fetch({ url: `${site.url}/c`, method: 'POST', body: 'x' });
    expect((await http.fetch({ url: `${site.url}/c` })).text).toBe('count 1');
  });
});
