// HTTP proxies: requests go through the configured proxy (http targets in absolute form),
// credentials in the proxy URL are sent and never shown, and a proxy that cannot be reached or
// asks for other credentials fails with a ProxyError that names it (masked) and the URL.
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

describe('Fetcher through an HTTP proxy', () => {
  it('sends http requests to the proxy in absolute form', async () => {
    const via = await proxy();
    const site = await server((req, res) => {
      res.writeHead(200).end(`hello ${req.url}`);
    });
    const client = fetcher({ proxy: via.url });
    const first = await client.fetch({ url: `${site.url}/one` });
    const second = await client.fetch({ url: `${site.url}/two?x=1` });
    expect([first.text, second.text]).toEqual(['hello /one', 'hello /two?x=1']);
    expect(via.used).toEqual([`GET ${site.url}/one`, `GET ${site.url}/two?x=1`]);
    expect(site.log.map((entry) => entry.path)).toEqual(['/one', '/two?x=1']);
  });

  it('streams bodies through the proxy too', async () => {
    const via = await proxy();
    const site = await server((_req, res) => {
      res.writeHead(200).end('x'.repeat(100_000));
    });
    const result = await fetcher({ proxy: via.url }).stream({ url: `${site.url}/big` });
    let size = 0;
    for await (const chunk of result.body) size += chunk.length;
    expect(size).toBe(100_000);
    expect(via.used).toEqual([`GET ${site.url}/big`]);
  });

  it('sends the credentials of the proxy URL as Proxy-Authorization, and not to the site', async () => {
    const via = await proxy({ auth: { user: 'ann', password: 'p@ss word' } });
    const site = await server((req, res) => {
      res.writeHead(200).end(String(req.headers['proxy-authorization'] ?? 'none'));
    });
    const url = `http://ann:${encodeURIComponent('p@ss word')}@127.0.0.1:${via.port}`;
    const result = await fetcher({ proxy: url }).fetch({ url: `${site.url}/` });
    expect(result.text).toBe('none');
    expect(via.credentials).toEqual([`Basic ${Buffer.from('ann:p@ss word').toString('base64')}`]);
  });

  it('fails with a ProxyError naming the masked proxy when it answers 407, never the password', async () => {
    const via = await proxy({ auth: { user: 'ann', password: 'right' } });
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const error = await rejection(fetcher({ proxy: `http://ann:wrong-secret@127.0.0.1:${via.port}`, maxRetries: 0 }).fetch({ url: `${site.url}/x` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).fault).toBe('auth');
    expect(error.message).toContain(`http://ann:***@127.0.0.1:${via.port}`);
    expect(error.message).toContain('407');
    expect(error.message).toContain(`${site.url}/x`);
    expect(`${error.message} ${String((error as Error).stack)}`).not.toContain('wrong-secret');
    expect(site.log).toHaveLength(0);
  });

  it('fails with a ProxyError when the proxy answers CONNECT with 407 (https targets)', async () => {
    const via = await proxy({ auth: { user: 'ann', password: 'right' } });
    const port = await closedPort();
    const error = await rejection(fetcher({ proxy: `http://ann:bad-secret@127.0.0.1:${via.port}`, maxRetries: 0 }).fetch({ url: `https://127.0.0.1:${port}/s` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).fault).toBe('auth');
    expect(error.message).toBe(`proxy http://ann:***@127.0.0.1:${via.port}: proxy authentication required (407): https://127.0.0.1:${port}/s`);
    expect(via.used).toEqual([`CONNECT 127.0.0.1:${port}`]);
  });

  it('fails with a ProxyError naming the proxy and the URL when the proxy cannot be reached', async () => {
    const port = await closedPort();
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const error = await rejection(fetcher({ proxy: `http://u:hidden@127.0.0.1:${port}`, maxRetries: 0 }).fetch({ url: `${site.url}/x` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toBe(`proxy http://u:***@127.0.0.1:${port}: cannot connect (ECONNREFUSED): ${site.url}/x`);
    expect(site.log).toHaveLength(0);
  });

  it('follows redirects through the proxy, every hop', async () => {
    const via = await proxy();
    const site = await server((req, res) => {
      if (req.url === '/from') res.writeHead(302, { location: '/to' }).end();
      else res.writeHead(200).end('arrived');
    });
    const result = await fetcher({ proxy: via.url }).fetch({ url: `${site.url}/from` });
    expect(result.text).toBe('arrived');
    expect(result.redirects).toEqual([`${site.url}/from`, `${site.url}/to`]);
    expect(via.used).toEqual([`GET ${site.url}/from`, `GET ${site.url}/to`]);
  });

  it('reports per-proxy counters', async () => {
    const via = await proxy();
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const client = fetcher({ proxy: `http://user:pw@127.0.0.1:${via.port}` });
    const events: FetchEvent[] = [];
    client.events.on((event) => events.push(event));
    await client.fetch({ url: `${site.url}/a` });
    await client.fetch({ url: `${site.url}/b` });
    expect(client.proxyStats()).toEqual([
      { proxy: `http://user:***@127.0.0.1:${via.port}`, requests: 2, failures: 0, bans: 0, benched: false, benchedUntil: 0 },
    ]);
    expect(events.filter((event) => event.type === 'proxy')).toEqual([]);
  });
});
