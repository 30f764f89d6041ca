// Transport failures become trawl errors that say what failed and name the URL.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { InvalidUrlError, NetworkError, TimeoutError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('Fetcher transport errors', () => {
  it('reports a refused connection as a NetworkError naming the URL, after retrying it', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/page`;
    const client = fetcher({ retries: 1 });
    let retries = 0;
    client.events.on((event) => event.type === 'retry' && retries++);
    const error = (await rejection(client.fetch({ url }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.reason).toBe('ECONNREFUSED');
    expect(error.url).toBe(url);
    expect(error.message).toContain(url);
    expect(error.cause).toBeDefined();
    expect(retries).toBe(1);
  });

  it('times out a server that never sends headers', async () => {
    const site = await server(() => {
      // never answers
    });
    const error = (await rejection(
      fetcher({ headersTimeoutMs: 150, retries: 0 }).fetch({ url: `${site.url}/slow` }),
    )) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('headers');
    expect(error.timeoutMs).toBe(150);
    expect(error.message).toContain(`${site.url}/slow`);
  });

  it('times out a body that stops arriving', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('only the start');
    });
    const error = (await rejection(fetcher({ bodyTimeoutMs: 150, retries: 0 }).fetch({ url: site.url }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('body');
  });

  it('retries a timeout and succeeds when the server recovers', async () => {
    let first = true;
    const site = await server((_req, res) => {
      if (first) {
        first = false;
        return; // the first request hangs
      }
      res.writeHead(200).end('late but fine');
    });
    const result = await fetcher({ headersTimeoutMs: 150, retries: 1 }).fetch({ url: site.url });
    expect(result.text).toBe('late but fine');
    expect(result.attempts).toBe(2);
  });

  it('reports a connection cut mid-body as a NetworkError', async () => {
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write('partial', () => res.socket?.destroy());
    });
    const error = (await rejection(fetcher({ retries: 0 }).fetch({ url: site.url }))) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain(site.url);
  });

  it('stops a request and its retries when the signal aborts', async () => {
    const site = await server((_req, res) => {
      res.writeHead(503).end();
    });
    const controller = new AbortController();
    const client = fetcher({ retries: 10, retryBaseMs: 200, retryMaxMs: 200 });
    client.events.on(() => controller.abort(new Error('user stop')));
    const error = await rejection(client.fetch({ url: site.url, signal: controller.signal }));
    expect(error.message).toBe('user stop');
    expect(site.hits.get('/')).toBe(1);
    expect(client.slots.active).toBe(0);
  });

  it('rejects a URL that is not absolute http(s) with InvalidUrlError', async () => {
    const client = fetcher();
    await expect(client.fetch({ url: 'ftp://example.com/' })).rejects.toBeInstanceOf(InvalidUrlError);
    await expect(client.fetch({ url: '/relative' })).rejects.toBeInstanceOf(InvalidUrlError);
  });
});
