// What a demo route answers: a status, headers and the whole body as bytes. Routes build
// replies; server.ts sends them, after byte ranges and fault injection have had their say.
import type { IncomingHttpHeaders } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Set on files that honour Range / If-Range: their strong validators. */
  readonly validators?: { readonly etag: string; readonly lastModified: string };
}

/** One request as a route sees it. */
export interface DemoRequest {
  readonly method: string;
  /** Decoded path without the query, e.g. "/photo/list/". */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Scheme and host the client used (from Host when it is a loopback name), no trailing slash. */
  readonly base: string;
  /** Aborted when the server closes, so sleeping routes stop. */
  readonly signal: AbortSignal;
}

export interface Route {
  /** The stats key: a path prefix shared by every URL of this route. */
  readonly prefix: string;
  readonly matches: (path: string) => boolean;
  /** undefined means 404. */
  readonly handle: (request: DemoRequest) => Reply | undefined | Promise<Reply | undefined>;
}

export function reply(status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': type, ...headers }, body: typeof body === 'string' ? Buffer.from(body) : body };
}

export function html(body: string, status = 200): Reply {
  return reply(status, 'text/html; charset=utf-8', body);
}

export function json(value: unknown, status = 200): Reply {
  return reply(status, 'application/json; charset=utf-8', JSON.stringify(value));
}

export function text(body: string, status = 200): Reply {
  return reply(status, 'text/plain; charset=utf-8', body);
}

/** A file that honours Range requests; the ETag is derived from its content. */
export function file(body: Buffer, type: string, etag: string, lastModified: string): Reply {
  return { ...reply(200, type, body, { 'cache-control': 'max-age=86400' }), validators: { etag: `"${etag}"`, lastModified } };
}

export function notFound(path: string): Reply {
  return html(`<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>${escapeHtml(path)}</p></body></html>`, 404);
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text content of an element: only the characters HTML requires to be escaped there. */
export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
