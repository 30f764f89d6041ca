// Proxy: every request goes through the configured HTTP proxy. The proxy here is a few lines of
// node:http that tunnels CONNECT and forwards absolute-form requests, recording what it did.
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';
import { startProxy, type TestProxy } from '../../helpers/proxy.js';

const proxies: TestProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

describe('Fetcher proxy', () => {
  it('sends requests through the proxy', async () => {
    const proxy = await startProxy();
    proxies.push(proxy);
    const site = await server((req, res) => {
      res.writeHead(200).end(`hello ${req.url}`);
    });
    const client = fetcher({ proxy: proxy.url });
    const first = await client.fetch({ url: `${site.url}/one` });
    const second = await client.fetch({ url: `${site.url}/two` });
    expect([first.text, second.text]).toEqual(['hello /one', 'hello /two']);
    expect(proxy.used).toContain(`CONNECT 127.0.0.1:${site.port}`);
    expect(site.log.map((entry) => entry.path)).toEqual(['/one', '/two']);
  });

  it('reports a proxy that cannot be reached as a NetworkError', async () => {
    const proxy = await startProxy();
    await proxy.close();
    const site = await server((_req, res) => {
      res.writeHead(200).end();
    });
    const error = await rejection(fetcher({ proxy: proxy.url, maxRetries: 0 }).fetch({ url: `${site.url}/x` }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`${site.url}/x`);
    expect(site.log).toHaveLength(0);
  });
});
