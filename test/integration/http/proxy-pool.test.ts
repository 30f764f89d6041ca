// Several proxies: rotation per request or per host, and proxies that fail — refused
// connections, 407, a site that bans one proxy's address — benched while the requests go on
// through the others, without using up the requests' own retries.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProxyError } from '../../../src/errors/index.js';
import type { FetchEvent } from '../../../src/http/index.js';
import { fetcher, rejection, server } from './fixtures.js';
import { closedPort, startProxy, type TestProxy, type TestProxyOptions } from '../../helpers/proxy.js';

const proxies: TestProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function proxy(options?: TestProxyOptions): Promise<TestProxy> {
  const started = await startProxy(options);
  proxies.push(started);
  return started;
}

/** A site that answers 429 to requests arriving from `bannedAddress`. */
function siteBanning(bannedAddress: string) {
  return server((req, res) => {
    if (req.socket.remoteAddress === bannedAddress) res.writeHead(429).end('banned');
    else res.writeHead(200).end(`page ${req.url}`);
  });
}

describe('Fetcher with several proxies', () => {
  it('takes the next proxy for each request by default', async () => {
    const [a, b] = [await proxy(), await proxy()];
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const client = fetcher({ proxy: [a.url, b.url] });
    for (let i = 0; i < 6; i++) await client.fetch({ url: `${site.url}/${i}` });
    expect(a.used).toHaveLength(3);
    expect(b.used).toHaveLength(3);
  });

  it("keeps one proxy per host with proxyRotation 'host'", async () => {
    const [a, b, c] = [await proxy(), await proxy(), await proxy()];
    const sites = [await server((_q, r) => void r.end()), await server((_q, r) => void r.end()), await server((_q, r) => void r.end())];
    const client = fetcher({ proxy: [a.url, b.url, c.url], proxyRotation: 'host' });
    for (let i = 0; i < 4; i++) for (const site of sites) await client.fetch({ url: `${site.url}/${i}` });
    for (const site of sites) {
      const carriers = [a, b, c].filter((p) => p.used.some((line) => line.startsWith(`GET ${site.url}/`)));
      expect(carriers, site.url).toHaveLength(1);
      expect(carriers[0]!.used.filter((line) => line.startsWith(`GET ${site.url}/`))).toHaveLength(4);
    }
  });

  it('benches a refusing proxy, a 407 proxy and a banned proxy, and fetches everything through the good one', async () => {
    const refusing = `http://127.0.0.1:${await closedPort()}`;
    const needsAuth = await proxy({ auth: { user: 'u', password: 'p' } });
    const banned = await proxy({ localAddress: '127.0.0.3' });
    const good = await proxy({ localAddress: '127.0.0.4' });
    const site = await siteBanning('127.0.0.3');
    // No retries at all: switching proxies must not need any.
    const client = fetcher({ proxy: [refusing, needsAuth.url, banned.url, good.url], maxRetries: 0, proxyBenchMs: 60_000 });
    const events: FetchEvent[] = [];
    client.events.on((event) => events.push(event));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => client.fetch({ url: `${site.url}/p${i}` })));
    expect(results.map((result) => result.text)).toEqual(Array.from({ length: 12 }, (_, i) => `page /p${i}`));
    expect(results.every((result) => result.attempts === 1)).toBe(true);
    const stats = client.proxyStats();
    expect(stats.map((entry) => [entry.benched, entry.failures > 0])).toEqual([
      [true, true],
      [true, true],
      [true, true],
      [false, false],
    ]);
    // Requests in flight together may each have met the ban before the bench.
    expect(stats[2]!.bans).toBeGreaterThanOrEqual(1);
    const benched = events.filter((event) => event.type === 'proxy' && event.change === 'benched');
    expect(benched.map((event) => (event.type === 'proxy' ? event.stats.proxy : ''))).toEqual(
      expect.arrayContaining([refusing, needsAuth.url, banned.url]),
    );
    // Once benched, a proxy is left alone.
    const before = [needsAuth.used.length, banned.used.length];
    for (let i = 0; i < 4; i++) await client.fetch({ url: `${site.url}/after${i}` });
    expect([needsAuth.used.length, banned.used.length]).toEqual(before);
    expect(good.used).toHaveLength(16);
  });

  it("returns a 403 that the next proxy gets too as the site's answer, and undoes the first bench", async () => {
    const [a, b] = [await proxy(), await proxy()];
    const site = await server((_req, res) => {
      res.writeHead(403).end('forbidden for all');
    });
    const client = fetcher({ proxy: [a.url, b.url], allowStatus: [403] });
    const result = await client.fetch({ url: `${site.url}/private` });
    expect(result.status).toBe(403);
    expect(site.log).toHaveLength(2);
    expect(client.proxyStats().map((entry) => [entry.benched, entry.failures, entry.bans])).toEqual([
      [false, 0, 0],
      [false, 0, 0],
    ]);
  });

  it('waits for a benched proxy to come back when it is the only one', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200).end('ok');
    });
    // A proxy that answers, then goes away and comes back on the same port.
    const first = await proxy();
    const client = fetcher({ proxy: first.url, proxyBenchMs: 500, maxRetries: 3, retryBaseMs: 1, retryMaxMs: 1 });
    await client.fetch({ url: `${site.url}/a` });
    await first.close();
    const back = new Promise<Server>((resolve) => {
      setTimeout(() => {
        const forward = createServer((req, res) => {
          res.writeHead(200).end('via the proxy that came back');
        });
        forward.listen(first.port, '127.0.0.1', () => resolve(forward));
      }, 50);
    });
    const result = await client.fetch({ url: `${site.url}/b` });
    const restarted = await back;
    expect(result.text).toBe('via the proxy that came back');
    // The first attempt met the closed port; a later one, after the bench, the proxy that came back.
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect((restarted.address() as AddressInfo).port).toBe(first.port);
    await new Promise<void>((resolve) => restarted.close(() => resolve()));
  });

  it('gives up with a clear ProxyError when every proxy stays benched longer than proxyWaitMs', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200).end('ok');
    });
    const only = await proxy();
    const client = fetcher({ proxy: only.url, proxyBenchMs: 60_000, proxyWaitMs: 100, maxRetries: 1, retryBaseMs: 1 });
    await client.fetch({ url: `${site.url}/a` });
    await only.close();
    const error = await rejection(client.fetch({ url: `${site.url}/b` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).fault).toBe('unavailable');
    expect(error.message).toMatch(/every proxy is benched; the first comes back in \d+ s: http/);
  });

  it('fails at once, naming why, when no proxy has ever answered', async () => {
    const ports = [await closedPort(), await closedPort()];
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const client = fetcher({ proxy: ports.map((port) => `socks5://127.0.0.1:${port}`), maxRetries: 3 });
    const error = await rejection(client.fetch({ url: `${site.url}/x` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toContain('cannot connect (ECONNREFUSED)');
    expect(error.message).toContain('no proxy has answered yet');
    expect(site.log).toHaveLength(0);
  });
});
