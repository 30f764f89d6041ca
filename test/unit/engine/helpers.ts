// Shared pieces of the engine tests: a memory sink that keeps checkpoints honest, chain and fan
// sites on real local servers, and temp folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Item, Sink } from '../../../src/types/sink.js';
import { startServer, type TestServer } from '../../helpers/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-engine-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Keeps items in memory; a checkpoint is the item count, and open() cuts back to it. */
export class MemorySink implements Sink {
  items: Item[] = [];
  opened = 0;
  closed = 0;

  async open(checkpoint: string | undefined): Promise<void> {
    this.opened++;
    this.items = checkpoint === undefined ? [] : this.items.slice(0, Number(checkpoint));
  }

  write(items: readonly Item[]): string {
    this.items.push(...items);
    return String(this.items.length);
  }

  async close(): Promise<void> {
    this.closed++;
  }
}

/** Pages by path (HTML body, or a 302 to `redirect`); unknown paths are 404. `latencyMs` delays every answer. */
export async function pages(
  render: (path: string) => string | { redirect: string } | undefined,
  options: { latencyMs?: number } = {},
): Promise<TestServer> {
  const server = await startServer(async (req, res) => {
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const body = render(req.url ?? '/');
    if (body === undefined) res.writeHead(404).end();
    else if (typeof body === 'object') res.writeHead(302, { location: body.redirect }).end();
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<html><body>${body}</body></html>`);
  });
  cleanups.push(() => server.close());
  return server;
}

/** /0 -> /1 -> ... -> /(length-1): each page links only to the next. */
export function chainSite(length: number, options: { latencyMs?: number } = {}): Promise<TestServer> {
  return pages((path) => {
    const n = Number(path.slice(1));
    if (!/^\/\d+$/.test(path) || n >= length) return undefined;
    return n + 1 < length ? `<p>page ${n}</p><a href="/${n + 1}">next</a>` : `<p>page ${n}</p>`;
  }, options);
}

export function totalHits(server: TestServer): number {
  return [...server.hits.values()].reduce((a, b) => a + b, 0);
}
