// Shared pieces of the `trawl crawl` / `trawl run` CLI tests: temporary working folders, small
// route-table sites on real local servers, a concurrency meter, a forwarding proxy, readers.
import { startProxy as startSharedProxy, type TestProxy } from '../../helpers/proxy.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { runCli, type CliResult } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/server.js';

export const SPIDERS = fileURLToPath(new URL('../../fixtures/spiders/', import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh working folder, removed after the test. */
export function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-cli-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs `trawl <args>` in `dir` with a generous timeout. */
export function trawl(dir: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCli(args, { cwd: dir, timeoutMs: 45_000, ...(env ? { env } : {}) });
}

export type Route = string | ((req: IncomingMessage, res: ServerResponse) => void | Promise<void>);

/**
 * A site from a route table (path with query → HTML string or handler); other paths are 404.
 * Routes may be added after start (they often need the server's own URL).
 */
export async function site(routes: Record<string, Route> = {}, options: { latencyMs?: number } = {}): Promise<TestServer & { routes: Record<string, Route> }> {
  const server = await startServer(async (req, res) => {
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const route = routes[req.url ?? '/'];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>not found</body></html>');
    } else if (typeof route === 'string') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(route);
    } else {
      await route(req, res);
    }
  });
  cleanups.push(() => server.close());
  return Object.assign(server, { routes });
}

export function html(body: string, head = ''): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;
}

/** Paths the server was asked for, in order, without robots.txt. */
export function paths(server: TestServer): string[] {
  return server.log.map((entry) => entry.path).filter((path) => path !== '/robots.txt');
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function readJsonl(file: string): Record<string, unknown>[] {
  return jsonLines(readFileSync(file, 'utf8'));
}

/** Items sorted by url, for comparisons that must not depend on crawl order. */
export function byUrl<T extends Record<string, unknown>>(items: T[]): T[] {
  return [...items].sort((a, b) => String(a.url).localeCompare(String(b.url)));
}

/** Counts requests in flight at the server(s) that report to it; `peak` is the most seen at once. */
export class Meter {
  current = 0;
  peak = 0;

  enter(): void {
    this.current++;
    this.peak = Math.max(this.peak, this.current);
  }

  leave(): void {
    this.current--;
  }
}

/** Holds a request for `ms`, counted in flight on every meter. */
export async function hold(meters: readonly Meter[], ms: number): Promise<void> {
  for (const meter of meters) meter.enter();
  try {
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    for (const meter of meters) meter.leave();
  }
}

/** A port on 127.0.0.1 with nothing listening (taken from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A plain server on a given port (a host that "comes up" where a crawl found nothing); closed after the test. */
export async function listenOn(port: number, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ paths: string[] }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(req.url ?? '/');
    handler(req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { paths: seen };
}

/** A forwarding proxy (test/helpers/proxy.ts), closed after the test. */
export async function startProxy(): Promise<TestProxy> {
  const proxy = await startSharedProxy();
  cleanups.push(() => proxy.close());
  return proxy;
}

/** The non-blank lines of stderr. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '');
}
