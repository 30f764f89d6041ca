// Fetcher options are checked once, at construction, with errors that name the option.
import { describe, expect, it } from 'vitest';
import { CookieJar } from 'tough-cookie';
import { resolveFetcherOptions } from '../../../src/http/options.js';
import { Fetcher } from '../../../src/http/index.js';
import { OptionError } from '../../../src/errors/index.js';

function optionError(run: () => unknown): OptionError {
  try {
    run();
  } catch (error) {
    if (error instanceof OptionError) return error;
    throw error;
  }
  throw new Error('no OptionError thrown');
}

describe('Fetcher options', () => {
  it('fills in the documented defaults', () => {
    const options = resolveFetcherOptions(undefined);
    expect(options).toMatchObject({
      concurrency: 16,
      perHost: 8,
      delayMs: 0,
      connectTimeoutMs: 10_000,
      headersTimeoutMs: 30_000,
      bodyTimeoutMs: 30_000,
      maxRetries: 3,
      retryBaseMs: 500,
      retryMaxMs: 30_000,
      maxRedirects: 10,
      maxBodyBytes: 64 * 1024 * 1024,
      userAgent: 'trawl/0.1',
      headers: {},
      cookies: true,
      proxy: undefined,
      proxyRotation: 'request',
      proxyBenchMs: 5000,
      proxyWaitMs: 60_000,
      privateNetworks: true,
      cache: undefined,
      robots: false,
      allowStatus: [],
    });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('names an unknown option', () => {
    const error = optionError(() => new Fetcher({ concurency: 4 } as never));
    expect(error.option).toBe('concurency');
    expect(error.received).toBe(4);
    expect(error.message).toContain('concurency');
  });

  it('names an option with a bad value and shows the value received', () => {
    const error = optionError(() => new Fetcher({ perHost: 0 }));
    expect(error.option).toBe('perHost');
    expect(error.received).toBe(0);
    expect(error.message).toMatch(/option perHost: .*received 0/);
    expect(optionError(() => new Fetcher({ maxRetries: -1 })).option).toBe('maxRetries');
    expect(optionError(() => new Fetcher({ allowStatus: [404, 1000] })).option).toBe('allowStatus.1');
    expect(optionError(() => new Fetcher({ headers: { 'bad header': 'x' } })).option).toBe('headers.bad header');
  });

  it('accepts http, https, socks4, socks4a, socks5 and socks5h proxy URLs, one or several', () => {
    expect(optionError(() => new Fetcher({ proxy: 'ftp://127.0.0.1:21' })).option).toBe('proxy');
    expect(optionError(() => new Fetcher({ proxy: 'socks://127.0.0.1:1080' })).option).toBe('proxy');
    expect(optionError(() => new Fetcher({ proxy: 'not a url' })).option).toBe('proxy');
    expect(optionError(() => new Fetcher({ proxy: [] })).option).toBe('proxy');
    const kinds = ['http', 'https', 'socks4', 'socks4a', 'socks5', 'socks5h'];
    const resolved = resolveFetcherOptions({ proxy: kinds.map((kind) => `${kind}://127.0.0.1:3128`) }).proxy;
    expect(resolved && resolved.map((proxy) => proxy.kind)).toEqual(kinds);
    expect(resolveFetcherOptions({ proxy: 'http://127.0.0.1:3128' }).proxy).toMatchObject([{ kind: 'http', port: 3128 }]);
    expect(resolveFetcherOptions({ proxy: false }).proxy).toBe(false);
  });

  it('never shows a proxy password in an option error', () => {
    const error = optionError(() => new Fetcher({ proxy: 'gopher://user:s3cret@127.0.0.1:1' }));
    expect(error.message).not.toContain('s3cret');
    expect(error.message).toContain('user:***@');
  });

  it('checks the cache mode and defaults it to replay', () => {
    expect(optionError(() => new Fetcher({ cache: { dir: 'x', mode: 'sometimes' as never } })).option).toBe('cache.mode');
    expect(resolveFetcherOptions({ cache: { dir: 'x' } }).cache).toEqual({ dir: 'x', mode: 'replay' });
  });

  it('takes a shared tough-cookie jar as the cookies option', async () => {
    const jar = new CookieJar();
    const fetcher = new Fetcher({ cookies: jar });
    expect(fetcher.cookieJar).toBe(jar);
    await fetcher.close();
    expect(optionError(() => new Fetcher({ cookies: 'yes' as never })).option).toBe('cookies');
  });
});
