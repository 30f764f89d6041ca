// readSitemaps over a real Fetcher and a real local server: urlsets, indexes followed once each,
// gzip recognised by its bytes, robots.txt, text sitemaps, `since`, the bounds, and bad sitemaps
// reported one by one while the rest are read. Entries stream: the first come out before the
// server has sent the rest of the body.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { SitemapError } from '../../../src/errors/index.js';
import { Fetcher } from '../../../src/http/fetcher.js';
import { readSitemaps, type SitemapEntry, type SitemapReadOptions } from '../../../src/sitemap/index.js';
import { sitemapSite, urlset } from './site.js';

const fetchers: Fetcher[] = [];
afterEach(async () => {
  for (const fetcher of fetchers.splice(0)) await fetcher.close();
});

function fetcher(): Fetcher {
  const made = new Fetcher({ maxRetries: 0 });
  fetchers.push(made);
  return made;
}

async function read(sources: Parameters<typeof readSitemaps>[0], options: SitemapReadOptions = {}) {
  const errors: SitemapError[] = [];
  const sitemaps: [string, number][] = [];
  const entries: SitemapEntry[] = [];
  for await (const entry of readSitemaps(sources, fetcher(), {
    ...options,
    onError: (error) => errors.push(error),
    onSitemap: (url, count) => sitemaps.push([url, count]),
  })) {
    entries.push(entry);
  }
  return { entries, errors, sitemaps };
}

const pathOf = (entry: SitemapEntry): string => new URL(entry.url).pathname;

describe('readSitemaps', () => {
  it('gives every <loc> of a urlset with its lastmod and the sitemap it came from', async () => {
    const site = await sitemapSite();
    const { entries, errors, sitemaps } = await read([`${site.url}/sitemap.xml`]);
    expect(errors).toEqual([]);
    expect(entries).toEqual([
      { url: `${site.url}/p/1`, lastmod: Date.UTC(2024, 0, 10), sitemap: `${site.url}/sitemap.xml`, label: undefined },
      { url: `${site.url}/p/2`, lastmod: Date.UTC(2024, 2, 1, 12), sitemap: `${site.url}/sitemap.xml`, label: undefined },
      { url: `${site.url}/p/3`, lastmod: undefined, sitemap: `${site.url}/sitemap.xml`, label: undefined },
    ]);
    expect(sitemaps).toEqual([[`${site.url}/sitemap.xml`, 3]]);
  });

  it('follows an index into every kind of sitemap, reading each sitemap once despite loops', async () => {
    const site = await sitemapSite();
    const { entries, errors } = await read([{ url: `${site.url}/index.xml`, label: 'page' }]);
    expect(errors).toEqual([]);
    expect(entries.map(pathOf).sort()).toEqual(['/p/1', '/p/2', '/p/3', '/p/4', '/p/5', '/p/6', '/p/7', '/p/8', '/p/9']);
    expect(entries.every((entry) => entry.label === 'page')).toBe(true);
    for (const path of ['/index.xml', '/sitemap.xml', '/nested.xml', '/gz/pages.xml.gz', '/text.txt']) expect(site.hits.get(path), path).toBe(1);
  });

  it('reads the Sitemap: lines of a robots.txt', async () => {
    const site = await sitemapSite();
    const { entries, errors } = await read([`${site.url}/robots.txt`]);
    expect(errors).toEqual([]);
    expect(entries.map(pathOf)).toEqual(['/p/1', '/p/2', '/p/3', '/p/4', '/p/5']);
  });

  it('keeps only pages whose lastmod is later than `since`, leaving out pages without one', async () => {
    const site = await sitemapSite();
    const { entries } = await read([`${site.url}/index.xml`], { since: new Date('2024-02-01T00:00:00Z') });
    expect(entries.map(pathOf).sort()).toEqual(['/p/2', '/p/4', '/p/6']);
  });

  it('reports an HTML page, a 404 and a gzip cut short, each naming its URL, and reads the others', async () => {
    const site = await sitemapSite();
    const { entries, errors } = await read([`${site.url}/html-sitemap.xml`, `${site.url}/missing.xml`, `${site.url}/truncated.xml.gz`, `${site.url}/sitemap.xml`]);
    expect(errors.map((error) => error.message)).toEqual([
      `sitemap ${site.url}/html-sitemap.xml: an HTML page, not a sitemap`,
      expect.stringMatching(new RegExp(`^sitemap ${site.url}/missing.xml: cannot be read: HTTP 404`)),
      expect.stringMatching(new RegExp(`^sitemap ${site.url}/truncated.xml.gz: stopped after \\d+ URL\\(s\\): `)),
    ]);
    expect(errors.every((error) => error.code === 'TRAWL_ERR_SITEMAP')).toBe(true);
    // The URLs before the cut were read; the good sitemap after the bad ones too.
    expect(entries.filter((entry) => pathOf(entry).startsWith('/many/')).length).toBeGreaterThan(10);
    expect(entries.filter((entry) => pathOf(entry).startsWith('/p/')).map(pathOf)).toEqual(['/p/1', '/p/2', '/p/3']);
  });

  it('stops at maxSitemaps and at maxDepth, saying which sitemaps it did not read', async () => {
    const site = await sitemapSite();
    const few = await read([`${site.url}/index.xml`], { maxSitemaps: 3 });
    expect(few.errors.map((error) => error.message)).toContain(`sitemap ${site.url}/ce/pages.xml: not read: already read 3 sitemaps (the limit)`);
    expect(few.entries.map(pathOf).sort()).toEqual(['/p/1', '/p/2', '/p/3', '/p/4', '/p/5']);
    const shallow = await read([`${site.url}/robots.txt`], { maxDepth: 0 });
    expect(shallow.entries).toEqual([]);
    expect(shallow.errors.map((error) => error.message)).toEqual([
      `sitemap ${site.url}/sitemap.xml: not read: sitemaps nested more than 0 deep`,
      `sitemap ${site.url}/gz/pages.xml.gz: not read: sitemaps nested more than 0 deep`,
    ]);
  });

  it('gives the first entries while the server is still sending the rest of the sitemap', async () => {
    let sendRest: (() => void) | undefined;
    const body = urlset(Array.from({ length: 3000 }, (_, i) => ({ loc: `http://a.test/page/${i}` })));
    const cut = body.indexOf('</url>', body.length / 2) + 6;
    const server = createServer((_req, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write(body.slice(0, cut));
      sendRest = () => res.end(body.slice(cut));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/big.xml`;
      let count = 0;
      for await (const entry of readSitemaps([url], fetcher())) {
        count += 1;
        // The rest of the body is sent only once an entry has come out.
        if (count === 1) {
          expect(entry.url).toBe('http://a.test/page/0');
          sendRest?.();
        }
      }
      expect(count).toBe(3000);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
