// privateNetworks: false (--no-private-networks) refuses loopback and other non-public
// addresses after DNS resolution — by name, as a literal, through proxies — and, in a network
// namespace where a "public" address exists, still allows it while refusing a redirect and a
// link into the machine's own network.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PrivateNetworkError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';
import { PUBLIC_TEST_ADDRESS, netnsUnavailable, runInNetns } from '../../helpers/netns.js';
import { startProxy, type TestProxy } from '../../helpers/proxy.js';
import { startSocksServer, type TestSocksServer } from '../../helpers/socks-server.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const proxies: (TestProxy | TestSocksServer)[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

describe('privateNetworks: false', () => {
  it('refuses a name that resolves to loopback, naming the host and the address', async () => {
    const site = await server((_req, res) => {
      res.end('should not be reached');
    });
    const error = await rejection(fetcher({ privateNetworks: false, maxRetries: 2 }).fetch({ url: `http://localhost:${site.port}/x` }));
    expect(error).toBeInstanceOf(PrivateNetworkError);
    expect(error.message).toMatch(new RegExp(`^refused localhost \\((127\\.0\\.0\\.1|::1)\\): loopback address, and private networks are not allowed: http://localhost:${site.port}/x$`));
    expect(site.log).toHaveLength(0);
  });

  it('refuses IP literals without resolving anything', async () => {
    const site = await server((_req, res) => {
      res.end();
    });
    const client = fetcher({ privateNetworks: false });
    const v4 = await rejection(client.fetch({ url: `${site.url}/` }));
    const v6 = await rejection(client.fetch({ url: `http://[::1]:${site.port}/` }));
    const mapped = await rejection(client.fetch({ url: `http://[::ffff:127.0.0.1]:${site.port}/` }));
    expect(v4.message).toContain('refused 127.0.0.1: loopback address');
    expect(v6.message).toContain('refused ::1: loopback address');
    expect(mapped).toBeInstanceOf(PrivateNetworkError);
    expect(site.log).toHaveLength(0);
  });

  it('refuses a private target before an HTTP proxy is asked, though the proxy itself is on loopback', async () => {
    const proxy = await startProxy();
    proxies.push(proxy);
    const site = await server((_req, res) => {
      res.end();
    });
    const error = await rejection(fetcher({ privateNetworks: false, proxy: proxy.url }).fetch({ url: `http://localhost:${site.port}/` }));
    expect(error).toBeInstanceOf(PrivateNetworkError);
    expect(proxy.used).toEqual([]);
  });

  it('refuses a private target before a SOCKS proxy is asked, whether trawl or the proxy resolves names', async () => {
    const socks = await startSocksServer();
    proxies.push(socks);
    const site = await server((_req, res) => {
      res.end();
    });
    for (const scheme of ['socks5', 'socks5h', 'socks4']) {
      const error = await rejection(fetcher({ privateNetworks: false, proxy: `${scheme}://127.0.0.1:${socks.port}` }).fetch({ url: `http://localhost:${site.port}/` }));
      expect(error, scheme).toBeInstanceOf(PrivateNetworkError);
    }
    expect(socks.used).toEqual([]);
  });

  it('allows loopback by default', async () => {
    const site = await server((_req, res) => {
      res.end('fine');
    });
    expect((await fetcher().fetch({ url: `http://localhost:${site.port}/` })).text).toBe('fine');
  });

  const skip = netnsUnavailable();
  if (skip) console.warn(`skipping the network-namespace checks of --no-private-networks: ${skip}`);
  it.skipIf(skip !== undefined)('allows a public address and refuses a redirect and a start URL into loopback (in a network namespace)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trawl-netns-'));
    const result = await runInNetns(join(ROOT, 'test', 'fixtures', 'netns', 'private-networks.mjs'), [PUBLIC_TEST_ADDRESS, ROOT], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    const base = out.base as string;
    expect(out.direct.home).toMatchObject({ ok: true, status: 200 });
    expect(out.direct.redirectToPublic).toMatchObject({ ok: true, url: `${base}/page2` });
    expect(out.direct.redirectToLocal).toMatchObject({ ok: false, code: 'TRAWL_ERR_PRIVATE_NETWORK' });
    expect(out.direct.redirectToLocal.message).toBe(`refused localhost (127.0.0.1): loopback address, and private networks are not allowed: http://localhost:${out.privatePort}/secret`);
    expect(out.direct.localByName).toMatchObject({ ok: false, code: 'TRAWL_ERR_PRIVATE_NETWORK' });
    expect(out.viaProxy.home).toMatchObject({ ok: true, status: 200 });
    expect(out.viaProxy.redirectToLocal).toMatchObject({ ok: false, code: 'TRAWL_ERR_PRIVATE_NETWORK' });
    expect(out.proxied).toEqual([`${base}/`, `${base}/to-local`]);
    // The CLI crawls the public pages, refuses the start URL and the redirect into loopback.
    const items = (out.cli.stdout as string).trim().split('\n').map((line) => JSON.parse(line));
    expect(items.map((item: { h: string }) => item.h).sort()).toEqual(['home', 'page two']);
    const refusal = `refused localhost (127.0.0.1): loopback address, and private networks are not allowed`;
    expect(out.cli.stderr).toContain(`failed: ${base}/to-local: ${refusal}: http://localhost:${out.privatePort}/secret`);
    expect(out.cli.stderr).toContain(`failed: http://localhost:${out.privatePort}/start: ${refusal}`);
    expect(out.cli.code).toBe(1);
    expect(out.privateHits).toBe(0);
  });
});
