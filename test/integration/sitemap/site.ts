// A site with sitemaps of every kind, on a real local server: a urlset, an index (with a loop
// back to itself), gzipped sitemaps served with and without Content-Encoding, a robots.txt, and
// the bad cases (an HTML page, a 404, a gzip cut short).
import { gzipSync } from 'node:zlib';
import { html, site } from '../cli/helpers.js';
import type { TestServer } from '../../helpers/server.js';

export type SitemapSite = TestServer & { routes: Record<string, unknown> };

export function urlset(entries: readonly { loc: string; lastmod?: string }[]): string {
  const urls = entries
    .map(({ loc, lastmod }) => `  <url><loc>${loc.replace(/&/g, '&amp;')}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
}

export function sitemapIndex(locs: readonly string[]): string {
  const items = locs.map((loc) => `  <sitemap><loc>${loc}</loc></sitemap>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items}\n</sitemapindex>\n`;
}

/** Pages /p/1 … /p/9, each with an <h1> and a link to /elsewhere (not in any sitemap). */
export async function sitemapSite(): Promise<SitemapSite> {
  const server = await site();
  const u = server.url;
  const xml = (body: string | Buffer, headers: Record<string, string> = {}) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res.writeHead(200, { 'content-type': 'application/xml', ...headers }).end(body);
  for (let n = 1; n <= 9; n++) server.routes[`/p/${n}`] = html(`<h1>page ${n}</h1><a href="/elsewhere">elsewhere</a>`);
  server.routes['/elsewhere'] = html('<h1>elsewhere</h1>');
  Object.assign(server.routes, {
    '/sitemap.xml': xml(
      urlset([
        { loc: `${u}/p/1`, lastmod: '2024-01-10' },
        { loc: `${u}/p/2`, lastmod: '2024-03-01T12:00:00+00:00' },
        { loc: `${u}/p/3` },
      ]),
    ),
    // Served as a file: no Content-Encoding, the bytes are gzip.
    '/gz/pages.xml.gz': xml(gzipSync(urlset([{ loc: `${u}/p/4`, lastmod: '2024-04-01' }, { loc: `${u}/p/5`, lastmod: '2023-12-31' }])), {
      'content-type': 'application/octet-stream',
    }),
    // Compressed in transit: the fetcher undoes the Content-Encoding.
    '/ce/pages.xml': xml(gzipSync(urlset([{ loc: '/p/6', lastmod: '2024-05-05' }])), { 'content-encoding': 'gzip' }),
    // Both: a .gz file sent gzip-encoded again.
    '/both/pages.xml.gz': xml(gzipSync(gzipSync(urlset([{ loc: `${u}/p/7` }]))), { 'content-encoding': 'gzip' }),
    '/index.xml': xml(sitemapIndex([`${u}/sitemap.xml`, `${u}/gz/pages.xml.gz`, `${u}/ce/pages.xml`, `${u}/both/pages.xml.gz`, `${u}/index.xml`, `${u}/nested.xml`])),
    '/nested.xml': xml(sitemapIndex([`${u}/sitemap.xml`, `${u}/text.txt`])),
    '/text.txt': (_req: unknown, res: import('node:http').ServerResponse) =>
      void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${u}/p/8\n${u}/p/9\n`),
    '/robots.txt': (_req: unknown, res: import('node:http').ServerResponse) =>
      void res.writeHead(200, { 'content-type': 'text/plain' }).end(`User-agent: *\nAllow: /\nSitemap: ${u}/sitemap.xml\nSitemap: ${u}/gz/pages.xml.gz\n`),
    '/html-sitemap.xml': html('<h1>Sitemap</h1><a href="/p/1">page 1</a>'),
    '/truncated.xml.gz': xml(gzipSync(urlset(Array.from({ length: 2000 }, (_, i) => ({ loc: `${u}/many/${i}` })))).subarray(0, 3000), {
      'content-type': 'application/gzip',
    }),
  });
  return server;
}
