// Shared by the HLS downloader tests: temp folders, hashing, a counting (and optionally slow or
// faulty) proxy in front of the demo site, and small fixture servers built from playlists.
import { startProxy, type TestProxy } from '../../helpers/proxy.js';
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(prefix = 'trawl-hls-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

export interface ProxyOptions {
  /** Milliseconds to hold the response to `path` before answering. */
  readonly delayMs?: (path: string) => number;
  /** Answers the request itself (return true) instead of forwarding it. */
  readonly intercept?: (req: IncomingMessage, res: ServerResponse, hit: number) => boolean;
}

/** A server that forwards every GET to `target` and counts requests per path (`hits`). */
export async function countingProxy(target: string, options: ProxyOptions = {}): Promise<TestServer> {
  const server = await startServer(async (req, res) => {
    const path = req.url ?? '/';
    const hit = server.hits.get(path) ?? 1;
    if (options.intercept?.(req, res, hit)) return;
    const delay = options.delayMs?.(path) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const headers: Record<string, string> = {};
    if (req.headers.range) headers.range = req.headers.range;
    const upstream = await fetch(`${target}${path}`, { headers });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream', 'content-length': String(body.length) });
    res.end(body);
  });
  cleanups.push(() => server.close());
  return server;
}

export interface FixtureFile {
  readonly body: Buffer | string;
  readonly type?: string;
}

/**
 * A server for hand-made streams: `files` by path (a function gets the hit count, for files
 * that change between requests, and returns undefined for a 404 unless it answered itself, or
 * null when it will answer later), byte ranges honoured unless `ignoreRange`.
 */
export async function fixtureServer(
  files: Record<string, FixtureFile | ((hit: number, req: IncomingMessage, res: ServerResponse) => FixtureFile | undefined | null)>,
  options: { ignoreRange?: boolean } = {},
): Promise<TestServer> {
  const server = await startServer((req, res) => {
    const path = req.url ?? '/';
    const entry = files[path];
    const file = typeof entry === 'function' ? entry(server.hits.get(path) ?? 1, req, res) : entry;
    if (file === null || res.headersSent || res.writableEnded) return;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const body = Buffer.from(file.body);
    const type = file.type ?? (path.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'application/octet-stream');
    const range = /^bytes=(\d+)-(\d+)$/.exec(req.headers.range ?? '');
    if (range && !options.ignoreRange) {
      const slice = body.subarray(Number(range[1]), Number(range[2]) + 1);
      res.writeHead(206, { 'content-type': type, 'content-length': String(slice.length), 'content-range': `bytes ${range[1]}-${range[2]}/${body.length}` });
      res.end(slice);
      return;
    }
    res.writeHead(200, { 'content-type': type, 'content-length': String(body.length) });
    res.end(body);
  });
  cleanups.push(() => server.close());
  return server;
}

export function encrypt(plain: Uint8Array, key: Uint8Array, iv: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  return Buffer.concat([cipher.update(plain), cipher.final()]);
}

/** The media sequence number as a 16-byte big-endian IV (RFC 8216 5.2). */
export function sequenceIv(sequence: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(sequence, 12);
  return iv;
}

/** `count` MPEG-TS packets (sync byte + filler) tagged with `tag`, so each segment's bytes differ. */
export function tsBytes(count: number, tag: number): Buffer {
  const bytes = Buffer.alloc(count * 188, tag & 0xff);
  for (let index = 0; index < count; index++) bytes[index * 188] = 0x47;
  return bytes;
}

export function m3u8(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** A forwarding HTTP proxy on port 0 (test/helpers/proxy.ts) that records what it was asked for. */
export function startTunnelProxy(): Promise<TestProxy> {
  return startProxy();
}
