// The fetcher's slots seen from the server: concurrency counted where requests arrive, and the
// delay between starts measured from a time taken before the first request (a lower bound).
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fetcher, server } from './fixtures.js';

/**
 * Counts requests the server is working on (a request ends when its response is finished; the
 * client cannot start another before that). Responses are held until `expected` requests are in
 * flight at once, or for 300 ms, so the limit is reached even on a slow machine.
 */
function inFlightCounter(expected: number) {
  let now = 0;
  let max = 0;
  const held: ServerResponse[] = [];
  const answer = (res: ServerResponse): void => void res.writeHead(200).end('ok');
  return {
    get max() {
      return max;
    },
    enter(res: ServerResponse): void {
      now++;
      max = Math.max(max, now);
      res.once('finish', () => now--);
      if (now >= expected) {
        held.splice(0).forEach(answer);
        setTimeout(() => answer(res), 5);
      } else {
        held.push(res);
        setTimeout(() => {
          const index = held.indexOf(res);
          if (index >= 0) answer(held.splice(index, 1)[0]!);
        }, 300);
      }
    },
  };
}

describe('Fetcher slots', () => {
  it('never runs more than perHost requests at once on one host', async () => {
    const counter = inFlightCounter(3);
    const site = await server((_req, res) => counter.enter(res));
    const client = fetcher({ concurrency: 20, perHost: 3 });
    await Promise.all(Array.from({ length: 24 }, (_, i) => client.fetch({ url: `${site.url}/${i}` })));
    expect(counter.max).toBe(3);
    expect(site.log).toHaveLength(24);
  });

  it('never runs more than concurrency requests at once across hosts', async () => {
    const counter = inFlightCounter(4);
    const sites = await Promise.all([1, 2, 3].map(() => server((_req, res) => counter.enter(res))));
    const client = fetcher({ concurrency: 4, perHost: 4 });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.fetch({ url: `${sites[i % 3]!.url}/${i}` })),
    );
    expect(counter.max).toBe(4);
    expect(client.slots.active).toBe(0);
  });

  it('spaces request starts on one host by at least delayMs', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const client = fetcher({ delayMs: 150, perHost: 4 });
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 4 }, (_, i) => client.fetch({ url: `${site.url}/${i}` })));
    const arrivals = site.log.map((entry) => entry.at).sort((a, b) => a - b);
    // The k-th start (k from 0) cannot come before t0 + k·delay, so neither can its arrival.
    arrivals.forEach((at, k) => expect(at - t0).toBeGreaterThanOrEqual(k * 150));
  });

  it('tryFetch starts a request only when its host has a free slot, and gives the slot back', async () => {
    const counter = inFlightCounter(1);
    const site = await server((_req, res) => counter.enter(res));
    const client = fetcher({ concurrency: 2, perHost: 1 });
    const first = client.tryFetch({ url: `${site.url}/first` });
    expect(first).toBeDefined();
    expect(client.tryFetch({ url: `${site.url}/refused` })).toBeUndefined();
    const ready = client.whenReady();
    const results = await Promise.all([first!, client.fetch({ url: `${site.url}/queued` })]);
    await ready;
    expect(results.map((result) => result.status)).toEqual([200, 200]);
    expect(counter.max).toBe(1);
    expect(site.log.map((entry) => entry.path)).toEqual(['/first', '/queued']);
    expect(client.slots.active).toBe(0);
  });
});
