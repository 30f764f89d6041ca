// --sitemap from the command line and `sitemaps` in a spider: every listed page is a start URL;
// --since filters by lastmod; --allow-host / --deny-host filter the entries; a bad sitemap gets
// one line naming it and the crawl goes on with the rest.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byUrl, errorLines, jsonLines, paths, trawl, workDir } from '../cli/helpers.js';
import { sitemapSite } from './site.js';

const pagePaths = (server: { log: { path: string }[] }) => paths(server as never).filter((path) => path.startsWith('/p/') || path === '/elsewhere').sort();

describe('trawl crawl --sitemap', () => {
  it('starts from every page a robots.txt\'s sitemaps list, and follows links from them as from any start URL', async () => {
    const site = await sitemapSite();
    const result = await trawl(workDir(), ['crawl', '--sitemap', `${site.url}/robots.txt`, '--extract', 'title=h1']);
    expect(result.code, result.stderr).toBe(0);
    expect(pagePaths(site)).toEqual(['/elsewhere', '/p/1', '/p/2', '/p/3', '/p/4', '/p/5']);
    expect(byUrl(jsonLines(result.stdout)).map((item) => item.title)).toEqual(['elsewhere', 'page 1', 'page 2', 'page 3', 'page 4', 'page 5']);
    expect(result.stderr).toContain('trawl: sitemaps: 3 read, 5 URLs (5 new)');
  });

  it('reads an index and its gzipped and text sitemaps; --depth 0 keeps the crawl to the listed pages', async () => {
    const site = await sitemapSite();
    const result = await trawl(workDir(), ['crawl', '--sitemap', `${site.url}/index.xml`, '--depth', '0', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(pagePaths(site)).toEqual(['/p/1', '/p/2', '/p/3', '/p/4', '/p/5', '/p/6', '/p/7', '/p/8', '/p/9']);
  });

  it('keeps only pages with a later lastmod with --since', async () => {
    const site = await sitemapSite();
    const result = await trawl(workDir(), ['crawl', '--sitemap', `${site.url}/index.xml`, '--since', '2024-02-01', '--depth', '0', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(pagePaths(site)).toEqual(['/p/2', '/p/4', '/p/6']);
  });

  it('warns with one line per bad sitemap, naming it, and crawls the good ones', async () => {
    const site = await sitemapSite();
    const result = await trawl(workDir(), [
      'crawl', `${site.url}/p/9`, '--sitemap', `${site.url}/html-sitemap.xml`, '--sitemap', `${site.url}/missing.xml`,
      '--sitemap', `${site.url}/sitemap.xml`, '--depth', '0', '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(pagePaths(site)).toEqual(['/p/1', '/p/2', '/p/3', '/p/9']);
    const warnings = errorLines(result.stderr).filter((line) => line.includes('warning'));
    expect(warnings).toEqual([
      `trawl: warning: sitemap ${site.url}/html-sitemap.xml: an HTML page, not a sitemap`,
      expect.stringContaining(`trawl: warning: sitemap ${site.url}/missing.xml: cannot be read: HTTP 404`),
    ]);
  });

  it('leaves out sitemap pages on hosts --deny-host refuses', async () => {
    const site = await sitemapSite();
    const result = await trawl(workDir(), ['crawl', '--sitemap', `${site.url}/sitemap.xml`, '--deny-host', `127.0.0.1:${site.port}`, '--depth', '0']);
    expect(result.code, result.stderr).toBe(0);
    expect(pagePaths(site)).toEqual([]);
    expect(result.stderr).toContain('3 URLs (0 new), 3 on hosts outside --allow-host / --deny-host');
  });

  it('refuses a bad --sitemap URL or --since date, and --since without a sitemap, before fetching', async () => {
    const site = await sitemapSite();
    for (const [args, message] of [
      [['--sitemap', 'ftp://x/sitemap.xml'], '--sitemap'],
      [['--sitemap', `${site.url}/sitemap.xml`, '--since', 'last week'], 'option --since: expected a date'],
      [[`${site.url}/p/1`, '--since', '2024-01-01'], 'option --since: applies to sitemaps'],
    ] as const) {
      const result = await trawl(workDir(), ['crawl', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(errorLines(result.stderr), args.join(' ')).toEqual([expect.stringContaining(message)]);
    }
    expect(site.log).toHaveLength(0);
  });
});

describe('sitemaps in a spider', () => {
  it('routes the pages of each sitemap to the label given with it, relative URLs resolving against --base', async () => {
    const site = await sitemapSite();
    const dir = workDir();
    writeFileSync(
      join(dir, 'spider.mjs'),
      `export default {
        sitemaps: [{ url: '/sitemap.xml', label: 'listed' }, '/gz/pages.xml.gz'],
        routes: { listed: (ctx) => ctx.push({ kind: 'listed', url: ctx.response.url }) },
        handler: (ctx) => ctx.push({ kind: 'other', url: ctx.response.url }),
      };\n`,
    );
    const result = await trawl(dir, ['run', 'spider.mjs', '--base', site.url, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(byUrl(jsonLines(result.stdout))).toEqual([
      { kind: 'listed', url: `${site.url}/p/1` },
      { kind: 'listed', url: `${site.url}/p/2` },
      { kind: 'listed', url: `${site.url}/p/3` },
      { kind: 'other', url: `${site.url}/p/4` },
      { kind: 'other', url: `${site.url}/p/5` },
    ]);
  });
});
