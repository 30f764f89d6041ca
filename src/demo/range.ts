// Byte ranges (RFC 9110 §14): one `bytes=` range per request; a multi-range request gets the
// whole file (allowed by the RFC, and what many real file servers do). If-Range that does not
// match the current ETag or Last-Modified exactly also gets the whole file.
import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply.js';

function parseRange(value: string, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(value);
  if (!match) return undefined; // unreadable or several ranges: ignore the header
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined; // invalid: ignored per RFC
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** The reply to send for `reply` given the request's Range / If-Range headers. */
export function applyRange(reply: Reply, headers: IncomingHttpHeaders): Reply {
  const validators = reply.validators;
  if (!validators || reply.status !== 200) return reply;
  const base = { ...reply.headers, 'accept-ranges': 'bytes', etag: validators.etag, 'last-modified': validators.lastModified };
  const range = headers.range;
  const ifRange = headers['if-range'];
  const size = reply.body.length;
  if (range === undefined || (ifRange !== undefined && ifRange !== validators.etag && ifRange !== validators.lastModified)) {
    return { status: 200, headers: base, body: reply.body };
  }
  const parsed = parseRange(range, size);
  if (parsed === undefined) return { status: 200, headers: base, body: reply.body };
  if (parsed === 'unsatisfiable') {
    return {
      status: 416,
      headers: { ...base, 'content-type': 'text/plain; charset=utf-8', 'content-range': `bytes */${size}` },
      body: Buffer.from('Range Not Satisfiable'),
    };
  }
  return {
    status: 206,
    headers: { ...base, 'content-range': `bytes ${parsed.start}-${parsed.end}/${size}` },
    body: reply.body.subarray(parsed.start, parsed.end + 1),
  };
}
