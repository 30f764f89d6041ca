// A tiny forwarding HTTP proxy on 127.0.0.1 port 0 for tests: it tunnels CONNECT and forwards
// absolute-form requests, recording each in `used` ("CONNECT host:port", "GET http://…").
// Options make it ask for credentials (407 without the right Proxy-Authorization) or connect
// upstream from another loopback address (127.0.0.x), so that a site can tell proxies apart
// and "ban" one of them.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  readonly url: string;
  readonly port: number;
  readonly used: string[];
  /** The Proxy-Authorization headers received, in order ('' when none). */
  readonly credentials: string[];
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** Require these credentials (Basic); anything else gets 407. */
  readonly auth?: { readonly user: string; readonly password: string };
  /** Local address for upstream connections, e.g. 127.0.0.5. */
  readonly localAddress?: string;
}

export async function startProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const used: string[] = [];
  const credentials: string[] = [];
  const sockets = new Set<Socket>();
  const expected = options.auth ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}` : undefined;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  };
  const allowed = (header: string | undefined): boolean => {
    credentials.push(header ?? '');
    return expected === undefined || header === expected;
  };
  const proxy: Server = createServer((req, res) => {
    used.push(`${req.method} ${req.url}`);
    if (!allowed(req.headers['proxy-authorization'])) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      new URL(req.url!),
      { method: req.method, headers, ...(options.localAddress ? { localAddress: options.localAddress } : {}) },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    used.push(`CONNECT ${req.url}`);
    track(client);
    if (!allowed(req.headers['proxy-authorization'])) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect({ port: Number(port), host: host!, ...(options.localAddress ? { localAddress: options.localAddress } : {}) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (client.writable) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
    track(upstream);
  });
  proxy.on('connection', track);
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    used,
    credentials,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens (a proxy that cannot be reached). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
