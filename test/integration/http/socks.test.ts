// SOCKS proxies (the `socks` package as an undici connector), against a SOCKS server of the
// tests' own: socks5 and socks4 resolve the target's name in trawl, socks5h and socks4a leave
// it to the proxy; credentials; a proxy that cannot reach the target is not the proxy's fault.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError, ProxyError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';
import { closedPort } from '../../helpers/proxy.js';
import { startSocksServer, type SocksServerOptions, type TestSocksServer } from '../../helpers/socks-server.js';

const open: TestSocksServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((socks) => socks.close()));
});

async function socks(options?: SocksServerOptions): Promise<TestSocksServer> {
  const started = await startSocksServer(options);
  open.push(started);
  return started;
}

/** A site reachable as localhost whatever localhost resolves to first (127.0.0.1 or ::1). */
async function localhostSite(): Promise<{ url: string; close(): Promise<void> }> {
  const site = createServer((req, res) => res.end(`socks ok ${req.url}`));
  await new Promise<void>((resolve) => site.listen(0, 'localhost', resolve));
  const { port } = site.address() as AddressInfo;
  return { url: `http://localhost:${port}`, close: () => new Promise((resolve) => site.close(() => resolve())) };
}

describe('Fetcher through a SOCKS proxy', () => {
  it('socks5: trawl resolves the name and sends the proxy an address', async () => {
    const proxy = await socks();
    const site = await localhostSite();
    try {
      const result = await fetcher({ proxy: `socks5://127.0.0.1:${proxy.port}` }).fetch({ url: `${site.url}/a` });
      expect(result.text).toBe('socks ok /a');
      expect(proxy.used).toHaveLength(1);
      expect(proxy.used[0]!.form).not.toBe('domain');
      expect(proxy.used[0]!.version).toBe(5);
    } finally {
      await site.close();
    }
  });

  it('socks5h: the proxy gets the name and resolves it', async () => {
    const proxy = await socks();
    const site = await localhostSite();
    try {
      const result = await fetcher({ proxy: `socks5h://127.0.0.1:${proxy.port}` }).fetch({ url: `${site.url}/b` });
      expect(result.text).toBe('socks ok /b');
      expect(proxy.used).toEqual([{ version: 5, host: 'localhost', port: Number(new URL(site.url).port), form: 'domain' }]);
    } finally {
      await site.close();
    }
  });

  it('socks4 sends an IPv4 address and socks4a the name', async () => {
    const proxy = await socks();
    const site = await server((req, res) => {
      res.end(`four ${req.url}`);
    });
    const viaName = `http://localhost:${site.port}`;
    const four = await fetcher({ proxy: `socks4://127.0.0.1:${proxy.port}` }).fetch({ url: `${viaName}/4` });
    const fourA = await fetcher({ proxy: `socks4a://127.0.0.1:${proxy.port}` }).fetch({ url: `${viaName}/4a` });
    expect([four.text, fourA.text]).toEqual(['four /4', 'four /4a']);
    expect(proxy.used).toEqual([
      { version: 4, host: '127.0.0.1', port: site.port, form: 'ipv4' },
      { version: 4, host: 'localhost', port: site.port, form: 'domain' },
    ]);
  });

  it('authenticates with the user and password of the proxy URL', async () => {
    const proxy = await socks({ auth: { user: 'zoe', password: 'top secret' } });
    const site = await server((_req, res) => {
      res.end('in');
    });
    const good = await fetcher({ proxy: `socks5://zoe:${encodeURIComponent('top secret')}@127.0.0.1:${proxy.port}` }).fetch({ url: `${site.url}/` });
    expect(good.text).toBe('in');
    const error = await rejection(
      fetcher({ proxy: `socks5://zoe:wrong-pass@127.0.0.1:${proxy.port}`, maxRetries: 0 }).fetch({ url: `${site.url}/` }),
    );
    expect(error).toBeInstanceOf(ProxyError);
    expect((error as ProxyError).fault).toBe('auth');
    expect(error.message).toContain(`socks5://zoe:***@127.0.0.1:${proxy.port}`);
    expect(`${error.message} ${String((error as Error).stack)} ${String((error as Error).cause)}`).not.toContain('wrong-pass');
  });

  it('streams downloads through the tunnel', async () => {
    const proxy = await socks();
    const site = await server((_req, res) => {
      res.end(Buffer.alloc(300_000, 7));
    });
    const result = await fetcher({ proxy: proxy.url }).stream({ url: `${site.url}/file` });
    let size = 0;
    for await (const chunk of result.body) size += chunk.length;
    expect(size).toBe(300_000);
  });

  it('reports a target the proxy cannot reach as a network error, without benching the proxy', async () => {
    const proxy = await socks();
    const port = await closedPort();
    const client = fetcher({ proxy: proxy.url, maxRetries: 0 });
    const error = await rejection(client.fetch({ url: `http://127.0.0.1:${port}/` }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(`http://127.0.0.1:${port}/`);
    expect(client.proxyStats()[0]).toMatchObject({ failures: 0, benched: false });
  });

  it('reports a SOCKS proxy that cannot be reached as a ProxyError', async () => {
    const port = await closedPort();
    const site = await server((_req, res) => {
      res.end();
    });
    const error = await rejection(fetcher({ proxy: `socks5h://127.0.0.1:${port}`, maxRetries: 0 }).fetch({ url: `${site.url}/` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toContain(`socks5h://127.0.0.1:${port}: cannot connect (ECONNREFUSED)`);
  });
});
