// How the Crawler treats errors a handler throws, counted at a real server. A spider may bring
// its own copy of trawl's error classes (a second install, the library bundle beside the CLI):
// the policy must recognise those too, so errors of the built bundle (a real second copy) are
// thrown here beside the sources' own.
import { describe, expect, it } from 'vitest';
import { Crawler } from '../../../src/engine/crawler.js';
import { CriticalError, NonRetryableError, RetryRequestError } from '../../../src/errors/index.js';
import type { Handler } from '../../../src/engine/handler.js';
import { pages } from './helpers.js';

/** The built library (dist/index.js): a second copy of every error class. */
const bundle = '../../../dist/index.js';
const other = (await import(bundle)) as typeof import('../../../src/errors/index.js');

async function site() {
  return pages((path) => (path === '/' ? ['/a', '/b', '/c', '/d'].map((p) => `<a href="${p}">${p}</a>`).join('') : /^\/[a-d]$/.test(path) ? path : undefined));
}

function throwingOn(path: string, make: () => Error): Handler {
  return (ctx) => {
    if (new URL(ctx.request.url).pathname === path) throw make();
    ctx.enqueueLinks();
  };
}

describe('Crawler handler errors', () => {
  const cases = [
    { name: 'RetryRequestError', make: () => new RetryRequestError('again'), hits: 3 },
    { name: 'a RetryRequestError of another copy', make: () => new other.RetryRequestError('again'), hits: 3 },
    { name: 'NonRetryableError', make: () => new NonRetryableError('never'), hits: 1 },
    { name: 'a NonRetryableError of another copy', make: () => new other.NonRetryableError('never'), hits: 1 },
    { name: 'a plain Error', make: () => new Error('plain'), hits: 3 },
    { name: 'a TypeError (a bug)', make: () => new TypeError('bug'), hits: 1 },
  ];
  for (const { name, make, hits } of cases) {
    it(`fetches a page whose handler throws ${name} ${hits === 1 ? 'once and fails it' : 'up to maxRequestRetries + 1 times'}`, async () => {
      const server = await site();
      const crawler = new Crawler({ handler: throwingOn('/b', make), maxRequestRetries: 2 });
      const summary = await crawler.run([`${server.url}/`]);
      expect(server.hits.get('/b')).toBe(hits);
      expect(summary).toMatchObject({ done: 4, failed: 1, retried: hits - 1, failedTotal: 1, stoppedBy: 'finished' });
    });
  }

  for (const [name, make] of [
    ['CriticalError', () => new CriticalError('stop')],
    ['a CriticalError of another copy', () => new other.CriticalError('stop')],
  ] as const) {
    it(`stops the whole crawl on ${name}, leaving the rest of the work pending`, async () => {
      const server = await site();
      const crawler = new Crawler({ handler: throwingOn('/a', make), fetch: { concurrency: 1 } });
      await expect(crawler.run([`${server.url}/`])).rejects.toThrow('stop');
      expect(server.hits.get('/a')).toBe(1);
      // Fetches run ahead of handlers (as Scrapy's downloader does), so with -c 1 the one request
      // in flight when the handler threw may finish; nothing after it starts.
      expect(server.hits.has('/c')).toBe(false);
      expect(server.hits.has('/d')).toBe(false);
      const counts = await crawler.frontier.counts();
      expect(counts.done).toBeGreaterThanOrEqual(1);
      expect(counts.done).toBeLessThanOrEqual(2);
      expect(counts.done + counts.pending + counts.leased).toBe(5);
    });
  }
});
