// Proxies from the environment: with no proxy option, HTTP_PROXY / HTTPS_PROXY are used (lower
// case first) except for NO_PROXY hosts; `proxy: false` ignores them; a bad value is an
// OptionError naming the variable, with any password masked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError, ProxyError } from '../../../src/errors/index.js';
import { Fetcher } from '../../../src/http/index.js';
import { fetcher, rejection, server } from './fixtures.js';
import { startProxy, type TestProxy } from '../../helpers/proxy.js';

const NAMES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];
let saved: Record<string, string | undefined> = {};
const proxies: TestProxy[] = [];

beforeEach(() => {
  saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));
  for (const name of NAMES) delete process.env[name];
});

afterEach(async () => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

async function proxy(): Promise<TestProxy> {
  const started = await startProxy();
  proxies.push(started);
  return started;
}

describe('Fetcher and the proxy environment variables', () => {
  it('sends requests through HTTP_PROXY when no proxy option is given', async () => {
    const via = await proxy();
    const site = await server((_req, res) => {
      res.end('hi');
    });
    process.env.HTTP_PROXY = via.url;
    const result = await fetcher().fetch({ url: `${site.url}/env` });
    expect(result.text).toBe('hi');
    expect(via.used).toEqual([`GET ${site.url}/env`]);
  });

  it('prefers http_proxy to HTTP_PROXY, as undici and curl do', async () => {
    const [lower, upper] = [await proxy(), await proxy()];
    const site = await server((_req, res) => {
      res.end();
    });
    process.env.http_proxy = lower.url;
    process.env.HTTP_PROXY = upper.url;
    await fetcher().fetch({ url: `${site.url}/` });
    expect([lower.used.length, upper.used.length]).toEqual([1, 0]);
  });

  it('goes straight to hosts listed in NO_PROXY', async () => {
    const via = await proxy();
    const site = await server((_req, res) => {
      res.end('direct');
    });
    process.env.HTTP_PROXY = via.url;
    process.env.NO_PROXY = `example.test, 127.0.0.1:${site.port}`;
    const result = await fetcher().fetch({ url: `${site.url}/np` });
    expect(result.text).toBe('direct');
    expect(via.used).toEqual([]);
    // Another port of the same host is not listed: that one goes through the proxy.
    const other = await server((_req, res) => {
      res.end('proxied');
    });
    expect((await fetcher().fetch({ url: `${other.url}/` })).text).toBe('proxied');
    expect(via.used).toEqual([`GET ${other.url}/`]);
  });

  it('ignores the environment with proxy: false, and an explicit proxy wins over it', async () => {
    const [fromEnv, explicit] = [await proxy(), await proxy()];
    const site = await server((_req, res) => {
      res.end();
    });
    process.env.HTTP_PROXY = fromEnv.url;
    await fetcher({ proxy: false }).fetch({ url: `${site.url}/none` });
    await fetcher({ proxy: explicit.url }).fetch({ url: `${site.url}/explicit` });
    expect(fromEnv.used).toEqual([]);
    expect(explicit.used).toEqual([`GET ${site.url}/explicit`]);
  });

  it('names a bad proxy variable, password masked', () => {
    process.env.HTTPS_PROXY = 'socks5://me:hunter2@127.0.0.1:1080';
    let error: unknown;
    try {
      new Fetcher();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).message).toMatch(/^option HTTPS_PROXY: only http:\/\/ and https:\/\/ proxies/);
    expect((error as OptionError).message).toContain('me:***@');
    expect((error as OptionError).message).not.toContain('hunter2');
  });

  it('names the proxy from the environment when it cannot be reached', async () => {
    const via = await proxy();
    await via.close();
    const site = await server((_req, res) => {
      res.end();
    });
    process.env.HTTP_PROXY = via.url;
    const error = await rejection(fetcher({ maxRetries: 0 }).fetch({ url: `${site.url}/` }));
    expect(error).toBeInstanceOf(ProxyError);
    expect(error.message).toContain(`proxy ${via.url}: cannot connect (ECONNREFUSED)`);
  });
});
