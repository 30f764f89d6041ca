// The Crawler API against real local servers: deduplication, a long chain with no per-step
// stall, maxDepth, stop() and a second run that finishes the job, and items exactly as pushed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Crawler } from '../../../src/engine/crawler.js';
import type { Handler } from '../../../src/engine/handler.js';
import { createMemoryFrontier } from '../../../src/frontier/backends/memory.js';
import { openSqliteFrontier } from '../../../src/frontier/backends/sqlite.js';
import { chainSite, MemorySink, pages, tempDir, totalHits } from './helpers.js';

describe('Crawler', () => {
  it('fetches a URL enqueued from many pages once', async () => {
    const server = await pages((path) => {
      if (path === '/') return Array.from({ length: 30 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('');
      if (path.startsWith('/p/')) return '<a href="/shared">shared</a><a href="/shared#again">again</a><a href="/">home</a>';
      if (path === '/shared') return 'shared';
      return undefined;
    });
    const crawler = new Crawler({ handler: (ctx) => void ctx.enqueueLinks(), frontier: createMemoryFrontier() });
    const summary = await crawler.run([`${server.url}/`]);
    expect(server.hits.get('/shared')).toBe(1);
    expect(server.hits.get('/')).toBe(1);
    expect(totalHits(server)).toBe(32);
    expect(summary).toMatchObject({ done: 32, failed: 0, stoppedBy: 'finished' });
  });

  it('crawls a chain of 300 pages, each linking only to the next, without a per-step stall', async () => {
    const length = 300;
    const server = await chainSite(length);
    for (const frontier of [createMemoryFrontier(), openSqliteFrontier(join(tempDir(), 'chain.db'))]) {
      server.hits.clear();
      const crawler = new Crawler({ handler: (ctx) => void ctx.enqueueLinks(), frontier });
      const started = performance.now();
      const summary = await crawler.run([`${server.url}/0`]);
      const ms = performance.now() - started;
      await frontier.close();
      expect(summary.done).toBe(length);
      expect(totalHits(server)).toBe(length);
      // A timer on each step (a 50 ms commit batch, a 200 ms poll) would take 15-60 s here.
      expect(ms).toBeLessThan(20_000);
      console.info(`chain of ${length}: ${ms.toFixed(0)} ms, ${(ms / length).toFixed(2)} ms a step`);
    }
  });

  it('does not follow links deeper than maxDepth', async () => {
    const server = await chainSite(10);
    const crawler = new Crawler({ handler: (ctx) => void ctx.enqueueLinks(), depth: 3 });
    const summary = await crawler.run([`${server.url}/0`]);
    expect([...server.hits.keys()].sort()).toEqual(['/0', '/1', '/2', '/3']);
    expect(summary).toMatchObject({ done: 4, stoppedBy: 'finished' });
  });

  for (const backend of ['memory', 'sqlite'] as const) {
    it(`ends a run on stop() with work left, and a second run on the same ${backend} frontier finishes it with every page once`, async () => {
      const length = 40;
      const server = await pages(
        (path) => (path === '/' ? Array.from({ length }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('') : path.startsWith('/p/') ? 'leaf' : undefined),
        { latencyMs: 20 },
      );
      const file = join(tempDir(), 'job.db');
      const memory = createMemoryFrontier();
      const open = () => (backend === 'memory' ? memory : openSqliteFrontier(file));
      const sink = new MemorySink();
      let handled = 0;
      let crawler: Crawler | undefined;
      const handler: Handler = (ctx) => {
        ctx.enqueueLinks();
        ctx.push({ url: ctx.request.url });
        if (++handled === 10) crawler!.stop();
      };

      const first = open();
      crawler = new Crawler({ handler, frontier: first, sink, fetch: { concurrency: 4 } });
      const stopped = await crawler.run([`${server.url}/`]);
      if (backend === 'sqlite') await first.close();
      expect(stopped.stoppedBy).toBe('stopped');
      expect(stopped.pending).toBeGreaterThan(0);
      expect(stopped.done).toBeLessThan(length + 1);

      const second = open();
      const started = performance.now();
      const finished = await new Crawler({ handler, frontier: second, sink, fetch: { concurrency: 4 } }).run();
      const ms = performance.now() - started;
      await second.close();
      expect(finished.stoppedBy).toBe('finished');
      expect(stopped.done + finished.done).toBe(length + 1);
      for (const [path, hits] of server.hits) expect(hits, path).toBe(1);
      expect(server.hits.size).toBe(length + 1);
      expect(sink.items).toHaveLength(length + 1);
      expect(new Set(sink.items.map((item) => item.url)).size).toBe(length + 1);
      // Requests the first run had leased but not started must not wait out their lease (2 min).
      expect(ms).toBeLessThan(20_000);
    });
  }

  it('writes exactly the items handlers push to the sink, in one open and one close', async () => {
    const server = await pages((path) => {
      if (path === '/') return Array.from({ length: 12 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('');
      return /^\/p\/\d+$/.test(path) ? 'leaf' : undefined;
    });
    const sink = new MemorySink();
    const expected: Record<string, unknown>[] = [];
    for (let i = 0; i < 12; i++) for (let k = 0; k < i % 3; k++) expected.push({ page: i, k, nested: { list: [i, k] } });
    const crawler = new Crawler({
      sink,
      handler: (ctx) => {
        ctx.enqueueLinks();
        const match = /\/p\/(\d+)$/.exec(ctx.request.url);
        if (!match) return;
        const i = Number(match[1]);
        const items = Array.from({ length: i % 3 }, (_, k) => ({ page: i, k, nested: { list: [i, k] } }));
        if (items.length === 1) ctx.push(items[0]!);
        else if (items.length > 1) ctx.push(items);
      },
    });
    const summary = await crawler.run([`${server.url}/`]);
    const order = (a: Record<string, unknown>, b: Record<string, unknown>): number => Number(a.page) - Number(b.page) || Number(a.k) - Number(b.k);
    expect([...sink.items].sort(order)).toEqual(expected.sort(order));
    expect(summary.items).toBe(expected.length);
    expect([sink.opened, sink.closed]).toEqual([1, 1]);
  });
});

describe('CrawlContext URL resolution', () => {
  it('resolves ctx.enqueue() against <base href> even when the handler never touched the parsed page', async () => {
    const server = await pages((path) => {
      if (path === '/dir/page') return '<head><base href="/based/"></head><a href="x">x</a>';
      return path === '/based/next' ? 'based' : undefined;
    });
    const crawler = new Crawler({
      handler: (ctx) => {
        if (ctx.request.url.endsWith('/dir/page')) ctx.enqueue('next');
      },
    });
    const summary = await crawler.run([`${server.url}/dir/page`]);
    expect([...server.hits.keys()]).toEqual(['/dir/page', '/based/next']);
    expect(summary.failed).toBe(0);
  });

  it('resolves ctx.enqueue() against the final URL after a redirect', async () => {
    const server = await pages((path) => {
      if (path === '/old/page') return { redirect: '/new/page' };
      return path === '/new/page' ? 'moved' : path === '/new/next' ? 'next' : undefined;
    });
    const crawler = new Crawler({
      handler: (ctx) => {
        if (ctx.response.url.endsWith('/new/page')) ctx.enqueue('next');
      },
    });
    await crawler.run([`${server.url}/old/page`]);
    expect(server.hits.has('/new/next')).toBe(true);
    expect(server.hits.has('/old/next')).toBe(false);
  });
});

describe('Crawler start requests', () => {
  it('rejects a bad start URL before the sink is opened or anything is fetched', async () => {
    const server = await pages(() => 'page');
    const sink = new MemorySink();
    const crawler = new Crawler({ handler: () => undefined, sink });
    await expect(crawler.run([`${server.url}/`, 'ftp://example.com/'])).rejects.toThrow(/"ftp:\/\/example\.com\/" \(start URL 2\)/);
    expect(sink.opened).toBe(0);
    expect(server.log).toHaveLength(0);
  });
});
