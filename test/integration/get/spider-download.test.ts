// A spider's ctx.download() is `trawl get`'s downloader: unique names, the same URL once, the
// page as Referer, and a `.part` + sidecar left by an interrupted crawl resumed with Range +
// If-Range instead of downloaded again.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Crawler } from '../../../src/index.js';
import type { CrawlContext } from '../../../src/index.js';
import { rangeServer, tempDir } from './fixtures.js';
import { bytes } from './range-server.js';

const page = (links: string[]): { body: Buffer; etag?: string } => ({ body: Buffer.from(`<html>${links.map((href) => `<a class="file" href="${href}">f</a>`).join('')}</html>`) });

async function crawl(start: string[], dir: string, handler: (ctx: CrawlContext) => Promise<void>): Promise<void> {
  const crawler = new Crawler({ handler, filesDir: dir, fetch: { concurrency: 4, perHost: 4 } });
  const summary = await crawler.run(start);
  expect(summary.failedTotal).toBe(0);
}

describe('ctx.download() in a spider', () => {
  it('gives two files of the same name unique names, downloads one URL once however many pages link it, and sends the page as Referer', async () => {
    const a = bytes(5000, 1);
    const b = bytes(6000, 2);
    const site = await rangeServer({
      '/p1.html': page(['/x/photo.jpg', '/y/photo.jpg']),
      '/p2.html': page(['/x/photo.jpg']),
      '/x/photo.jpg': { body: a },
      '/y/photo.jpg': { body: b },
    });
    const dir = tempDir();
    const saved: string[] = [];
    await crawl([`${site.url}/p1.html`, `${site.url}/p2.html`], dir, async (ctx) => {
      for (const href of ctx.getAll('a.file::attr(href)')) saved.push((await ctx.download(href)).path);
    });
    expect(readdirSync(dir).sort()).toEqual(['photo (1).jpg', 'photo.jpg']);
    const byContent = Object.fromEntries(readdirSync(dir).map((name) => [readFileSync(join(dir, name)).equals(a) ? 'a' : 'b', name]));
    expect(Object.keys(byContent).sort()).toEqual(['a', 'b']);
    expect(new Set(saved).size).toBe(2);
    expect(site.log.filter((entry) => entry.path === '/x/photo.jpg' && entry.method === 'GET')).toHaveLength(1);
    const referers = site.log.filter((entry) => entry.path.endsWith('.jpg')).map((entry) => entry.headers.referer);
    expect(referers.every((referer) => referer === `${site.url}/p1.html` || referer === `${site.url}/p2.html`)).toBe(true);
  });

  it('resumes a .part an interrupted crawl left (its sidecar names the URL and the ETag) with Range + If-Range', async () => {
    const body = bytes(600_000, 7);
    const site = await rangeServer({ '/p.html': page(['/v/clip.bin']), '/v/clip.bin': { body, etag: '"c1"' } });
    const dir = tempDir();
    const have = 200_000;
    writeFileSync(join(dir, 'clip.bin.part'), body.subarray(0, have));
    writeFileSync(join(dir, 'clip.bin.part.json'), JSON.stringify({ version: 1, url: `${site.url}/v/clip.bin`, name: 'clip.bin', etag: '"c1"', size: body.length }));
    await crawl([`${site.url}/p.html`], dir, async (ctx) => {
      const saved = await ctx.download(ctx.get('a.file::attr(href)')!);
      expect(saved.bytes).toBe(body.length);
    });
    expect(site.rangesOf('/v/clip.bin')).toEqual([{ range: `bytes=${have}-`, ifRange: '"c1"' }]);
    expect(readFileSync(join(dir, 'clip.bin')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['clip.bin']);
  });

  it('a file already complete in the folder (a page handled again after a crash) is the same file, not fetched again', async () => {
    const body = bytes(4000, 9);
    const site = await rangeServer({ '/p.html': page(['/i/logo.png']), '/i/logo.png': { body, etag: '"l"' } });
    const dir = tempDir();
    writeFileSync(join(dir, 'logo.png'), body);
    await crawl([`${site.url}/p.html`], dir, async (ctx) => {
      expect((await ctx.download(ctx.get('a.file::attr(href)')!)).path).toBe(join(dir, 'logo.png'));
    });
    expect(site.log.filter((entry) => entry.path === '/i/logo.png').map((entry) => entry.method)).toEqual(['HEAD']);
    expect(readdirSync(dir)).toEqual(['logo.png']);
  });
});
