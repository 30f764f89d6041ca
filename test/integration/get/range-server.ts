// A file server for download tests: single byte ranges (206, 416), If-Range against a strong
// ETag or Last-Modified, HEAD, Content-Disposition, optional throttling, and files the test can
// change between requests. Built on the shared test server (port 0, request log).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from '../../helpers/server.js';

export interface ServedFile {
  body: Buffer;
  etag?: string;
  lastModified?: string;
  contentDisposition?: string;
  /** Serve byte ranges. @default true */
  ranges?: boolean;
  /** Bytes per second per response (or per Range header); undefined = as fast as possible. */
  rate?: number | ((range: string | undefined) => number | undefined);
}

export interface RangeServer extends TestServer {
  readonly files: Map<string, ServedFile>;
  /** The Range / If-Range headers of every GET of `path`, in order. */
  rangesOf(path: string): { range: string | undefined; ifRange: string | undefined }[];
}

/** Deterministic incompressible-looking bytes. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed * 2654435761 >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export async function startRangeServer(files: Record<string, ServedFile> = {}): Promise<RangeServer> {
  const map = new Map(Object.entries(files));
  const server = await startServer((req, res) => serve(map, req, res));
  return {
    ...server,
    files: map,
    rangesOf: (path) =>
      server.log
        .filter((entry) => entry.path === path && entry.method === 'GET')
        .map((entry) => ({ range: entry.headers.range, ifRange: entry.headers['if-range'] as string | undefined })),
  };
}

async function serve(files: Map<string, ServedFile>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const file = files.get((req.url ?? '/').split('?')[0]!);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  const size = file.body.length;
  const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream' };
  if (file.etag) headers.etag = file.etag;
  if (file.lastModified) headers['last-modified'] = file.lastModified;
  if (file.contentDisposition) headers['content-disposition'] = file.contentDisposition;
  if (file.ranges !== false) headers['accept-ranges'] = 'bytes';
  let start = 0;
  let end = size;
  let status = 200;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (file.ranges !== false && range && (range[1] || range[2]) && ifRangeHolds(file, req.headers['if-range'] as string | undefined)) {
    if (range[1] === '') {
      start = Math.max(0, size - Number(range[2]));
    } else {
      start = Number(range[1]);
      if (range[2] !== '') end = Math.min(size, Number(range[2]) + 1);
    }
    if (start >= size || start >= end) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    status = 206;
    headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
  }
  headers['content-length'] = end - start;
  res.writeHead(status, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const body = file.body.subarray(start, end);
  const rate = typeof file.rate === 'function' ? file.rate(req.headers.range) : file.rate;
  if (!rate) {
    res.end(body);
    return;
  }
  const chunk = 16 * 1024;
  const pauseMs = (chunk / rate) * 1000;
  for (let at = 0; at < body.length; at += chunk) {
    if (res.destroyed) return;
    if (!res.write(body.subarray(at, at + chunk))) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  res.end();
}

function ifRangeHolds(file: ServedFile, ifRange: string | undefined): boolean {
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return file.etag !== undefined && !file.etag.startsWith('W/') && ifRange === file.etag;
  return file.lastModified !== undefined && ifRange === file.lastModified;
}
