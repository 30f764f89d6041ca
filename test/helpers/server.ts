// A real HTTP server on 127.0.0.1, port 0, for tests. Handlers are plain node:http handlers;
// `hits` counts requests per path so tests can assert what was (not) fetched.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface TestServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Requests seen, by path (query included). */
  readonly hits: Map<string, number>;
  /** Every request in arrival order. */
  readonly log: { method: string; path: string; headers: IncomingMessage['headers']; at: number }[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const hits = new Map<string, number>();
  const log: TestServer['log'] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    log.push({ method: req.method ?? 'GET', path, headers: req.headers, at: Date.now() });
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    hits,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
