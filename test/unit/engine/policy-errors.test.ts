// How the Crawler treats errors a handler throws, counted at a real server. A spider loaded by
// `trawl run` gets its own copies of trawl's error classes (tsx loads 'trawl' again), so the
// policy must follow the error's code, not its class identity: both kinds are checked here.
import { describe, expect, it } from 'vitest';
import { Crawler } from '../../../src/engine/crawler.js';
import { CriticalError, NonRetryableError, RetryRequestError } from '../../../src/errors/index.js';
import type { Handler } from '../../../src/engine/handler.js';
import { pages } from './helpers.js';

/** Stand-ins for the classes of a second copy of trawl: same codes, different identity. */
class ForeignError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

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
    { name: 'a RetryRequestError of another copy', make: () => new ForeignError('TRAWL_ERR_RETRY_REQUEST', 'again', true), hits: 3 },
    { name: 'NonRetryableError', make: () => new NonRetryableError('never'), hits: 1 },
    { name: 'a NonRetryableError of another copy', make: () => new ForeignError('TRAWL_ERR_NON_RETRYABLE', 'never'), hits: 1 },
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
    ['a CriticalError of another copy', () => new ForeignError('TRAWL_ERR_CRITICAL', 'stop')],
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
