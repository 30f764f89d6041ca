// Retries: which failures are retried, how many times, and Retry-After honoured per host.
import { describe, expect, it } from 'vitest';
import { HttpStatusError } from '../../../src/errors/index.js';
import type { FetchEvent } from '../../../src/http/index.js';
import { fetcher, rejection, server } from './fixtures.js';

describe('Fetcher retries', () => {
  it('retries 500s and returns the response that finally succeeds', async () => {
    let calls = 0;
    const site = await server((_req, res) => {
      calls++;
      res.writeHead(calls < 3 ? 500 : 200).end(calls < 3 ? 'down' : 'up');
    });
    const client = fetcher({ retries: 3 });
    const events: FetchEvent[] = [];
    client.events.on((event) => events.push(event));
    const result = await client.fetch({ url: `${site.url}/flaky` });
    expect(result.status).toBe(200);
    expect(result.text).toBe('up');
    expect(result.attempts).toBe(3);
    expect(site.hits.get('/flaky')).toBe(3);
    expect(events.flatMap((event) => (event.type === 'retry' ? [[event.attempt, event.code]] : []))).toEqual([
      [2, 'TRAWL_ERR_HTTP_STATUS'],
      [3, 'TRAWL_ERR_HTTP_STATUS'],
    ]);
    // Each attempt went out on the network once, and was reported so.
    expect(events.filter((event) => event.type === 'request').map((event) => event.type === 'request' && event.status)).toEqual([500, 500, 200]);
  });

  it('retries 408 and 429 as well', async () => {
    const statuses = [408, 429, 200];
    const site = await server((_req, res) => {
      res.writeHead(statuses.shift()!).end();
    });
    const result = await fetcher().fetch({ url: site.url });
    expect(result.status).toBe(200);
    expect(result.attempts).toBe(3);
  });

  it('throws the last HttpStatusError once its retries are used up', async () => {
    const site = await server((_req, res) => {
      res.writeHead(503).end();
    });
    const error = await rejection(fetcher({ retries: 2 }).fetch({ url: `${site.url}/down` }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(503);
    expect((error as HttpStatusError).url).toBe(`${site.url}/down`);
    expect(site.hits.get('/down')).toBe(3);
  });

  it('does not retry a 404', async () => {
    const site = await server((_req, res) => {
      res.writeHead(404).end('missing');
    });
    const error = await rejection(fetcher({ retries: 3 }).fetch({ url: `${site.url}/gone` }));
    expect(error).toBeInstanceOf(HttpStatusError);
    expect((error as HttpStatusError).status).toBe(404);
    expect((error as HttpStatusError).retryable).toBe(false);
    expect(site.hits.get('/gone')).toBe(1);
  });

  it('returns a status listed in allowStatus instead of throwing or retrying it', async () => {
    const site = await server((req, res) => {
      res.writeHead(req.url === '/missing' ? 404 : 503).end('custom page');
    });
    const client = fetcher({ allowStatus: [404, 503] });
    const missing = await client.fetch({ url: `${site.url}/missing` });
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('custom page');
    expect((await client.fetch({ url: `${site.url}/busy` })).status).toBe(503);
    expect(site.hits.get('/busy')).toBe(1);
  });

  it('starts no request to a host before its Retry-After has passed, for this URL or any other', async () => {
    let answeredAt = 0;
    const site = await server((req, res) => {
      if (req.url === '/limited' && answeredAt === 0) {
        answeredAt = Date.now();
        res.writeHead(503, { 'retry-after': '1' }).end();
        return;
      }
      res.writeHead(200).end(req.url);
    });
    const client = fetcher({ retries: 2, retryMaxMs: 5000 });
    const delays: number[] = [];
    const other = new Promise<string>((resolve, reject) => {
      client.events.on((event) => {
        if (event.type !== 'retry') return;
        delays.push(event.delayMs);
        // The retry event comes after the block is set: this request must wait for it too.
        client.fetch({ url: `${site.url}/other` }).then((result) => resolve(result.text), reject);
      });
    });
    const limited = await client.fetch({ url: `${site.url}/limited` });
    expect(limited.text).toBe('/limited');
    expect(await other).toBe('/other');
    expect(delays).toEqual([1000]);
    // Everything after the first request (the one answered 503) came after the block ended.
    const arrivals = site.log.slice(1);
    expect(arrivals.map((entry) => entry.path).sort()).toEqual(['/limited', '/other']);
    for (const entry of arrivals) expect(entry.at - answeredAt).toBeGreaterThanOrEqual(1000);
  });

  it('gives up at once when Retry-After asks for longer than retryMaxMs, and reports the wait', async () => {
    const site = await server((_req, res) => {
      res.writeHead(429, { 'retry-after': '120' }).end();
    });
    const client = fetcher({ retries: 3, retryMaxMs: 1000 });
    const error = (await rejection(client.fetch({ url: site.url }))) as HttpStatusError;
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(120_000);
    expect(site.hits.get('/')).toBe(1);
    expect(client.slots.readyInMs(site.url)).toBeGreaterThan(100_000);
  });
});
