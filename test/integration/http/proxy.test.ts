// Proxy: every request goes through the configured HTTP proxy. The proxy here is a few lines of
// node:http that tunnels CONNECT and forwards absolute-form requests, recording what it did.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NetworkError } from '../../../src/errors/index.js';
import { fetcher, rejection, server } from './fixtures.js';

interface Proxy {
  readonly url: string;
  readonly used: string[];
  close(): Promise<void>;
}

async function startProxy(): Promise<Proxy> {
  const used: string[] = [];
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((req, res) => {
    used.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    used.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
  });
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    used,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

const proxies: Proxy[] = [];
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
