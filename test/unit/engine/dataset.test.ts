// A library crawl given no sink keeps its items (crawler.dataset) and hands each one out as it is
// written (crawler.items()); a sink without checkpoints gets its items at least once.
import { describe, expect, it } from 'vitest';
import { Crawler } from '../../../src/engine/crawler.js';
import type { Item, Sink } from '../../../src/types/sink.js';
import { pages } from './helpers.js';

async function site() {
  return pages((path) =>
    path === '/' ? Array.from({ length: 12 }, (_, i) => `<a href="/p${i}">${i}</a>`).join('') : /^\/p\d+$/.test(path) ? `<h1>${path}</h1>` : undefined,
  );
}

describe('items in the library', () => {
  it('keeps the items of a crawl given no sink, in crawler.dataset', async () => {
    const server = await site();
    const crawler = new Crawler({
      handler(ctx) {
        ctx.enqueueLinks();
        if (ctx.request.url.includes('/p')) ctx.push({ url: ctx.request.url, title: ctx.get('h1') });
      },
    });
    const summary = await crawler.run([`${server.url}/`]);
    expect(summary.items).toBe(12);
    expect(crawler.dataset.map((item) => item.title).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `/p${i}`).sort());
  });

  it('yields each item from crawler.items() while the crawl runs, and ends with it', async () => {
    const server = await site();
    const crawler = new Crawler({
      handler(ctx) {
        ctx.enqueueLinks();
        if (ctx.request.url.includes('/p')) ctx.push({ url: ctx.request.url });
      },
    });
    const running = crawler.run([`${server.url}/`]);
    const seen: Item[] = [];
    let doneBeforeFirst: boolean | undefined;
    let finished = false;
    void running.then(() => (finished = true));
    for await (const item of crawler.items()) {
      doneBeforeFirst ??= finished;
      seen.push(item);
    }
    await running;
    expect(doneBeforeFirst).toBe(false);
    expect(seen).toHaveLength(12);
    expect(new Set(seen.map((item) => item.url)).size).toBe(12);
  });

  it('refuses items() when the items go to a sink', () => {
    const sink: Sink = { open: async () => undefined, write: () => '0', close: async () => undefined };
    const crawler = new Crawler({ handler: () => undefined, sink });
    expect(() => crawler.items()).toThrow(/go to the sink/);
  });

  it('accepts a sink without checkpoints (write returns nothing): every item delivered', async () => {
    const server = await site();
    const received: Item[] = [];
    const sink: Sink = {
      open: async () => undefined,
      write: (items) => {
        received.push(...items);
        return undefined;
      },
      close: async () => undefined,
    };
    const crawler = new Crawler({
      sink,
      handler(ctx) {
        ctx.enqueueLinks();
        if (ctx.request.url.includes('/p')) ctx.push({ url: ctx.request.url });
      },
    });
    await crawler.run([`${server.url}/`]);
    expect(received).toHaveLength(12);
  });
});
