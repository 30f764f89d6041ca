// How the Redis frontier spells a request inside Redis, and the small values around it (the
// fingerprint bucket of a key, item cursors). Part of the job layout (version in redis-scripts.ts):
// changing anything here changes what every worker of a job must agree on.
//
// A stored request ("entry") is one string, the same in every structure it moves through:
//
//   <seq> \t <retries> \t <priority> \t <data> \t <uniqueKey>
//
// seq orders requests by when they were first added; the Lua scripts read only the first three
// fields. <data> never holds a raw tab (it is JSON, whose strings escape control characters, or
// the compact form below), so the key, last, may hold anything. The compact form
// "<depth> <url>" stands for {url, method: 'GET', depth}, by far the most common request, and
// saves ~35 bytes of each of 10 million queued requests.
import { createHash } from 'node:crypto';
import { OptionError } from '../../errors/option-error.js';
import type { CrawlRequest, LeasedRequest } from '../../types/request.js';
import { checkRequest, encodeRequest } from '../encode.js';

/** Fingerprint buckets: small hashes Redis keeps as listpacks (~50 bytes a key, not ~90 in a set). */
export const KEY_BUCKETS = 1 << 18;
/** Redis's default hash-max-listpack-value: longer fields would turn a bucket into a hashtable. */
const MAX_FIELD_BYTES = 64;

/** Characters a URL may hold to be stored as is in the compact form (JSON would escape the others). */
const PLAIN_URL = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** The entry's <data> field: compact for a plain GET, else the JSON encode.ts makes. */
function dataField(request: CrawlRequest): string {
  const { url, method, headers, body, label, userData } = request;
  if (method === 'GET' && headers === undefined && body === undefined && label === undefined && userData === undefined && PLAIN_URL.test(url)) {
    return `${request.depth} ${url}`;
  }
  return encodeRequest(request).data;
}

/**
 * Checks every request (all before any is stored, as encode.ts's encodeNew does) and returns
 * the arguments of the new ones for the add/commit scripts — bucket, field, priority and the
 * entry without its seq — and their keys. First occurrence in the batch wins.
 */
export function encodeForScript(requests: readonly CrawlRequest[], isNew: (key: string) => boolean): { args: string[]; keys: string[] } {
  if (!Array.isArray(requests)) throw new OptionError('requests', requests, 'must be an array of requests');
  for (let i = 0; i < requests.length; i++) checkRequest(requests[i] as CrawlRequest, i);
  const args: string[] = [];
  const keys: string[] = [];
  const batch = new Set<string>();
  for (const request of requests) {
    const key = request.uniqueKey;
    if (!isNew(key) || batch.has(key)) continue;
    batch.add(key);
    const priority = String(request.priority);
    const { bucket, field } = keySlot(key);
    args.push(bucket, field, priority, `${request.retries}\t${priority}\t${dataField(request)}\t${key}`);
    keys.push(key);
  }
  return { args, keys };
}

/**
 * FNV-1a (32-bit) over the key's UTF-16 code units: a fast, fixed hash every worker computes the
 * same way. Hand-written because it is six lines and must never change with a library version.
 */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Where a uniqueKey is remembered: its bucket and its field there. */
export function keySlot(key: string): { bucket: string; field: string } {
  const bucket = String(fnv1a(key) % KEY_BUCKETS);
  // Long keys (and keys that could pass for a digest) are stored as "#" + their sha1.
  if (key.startsWith('#') || Buffer.byteLength(key) > MAX_FIELD_BYTES) {
    return { bucket, field: `#${createHash('sha1').update(key).digest('hex')}` };
  }
  return { bucket, field: key };
}

/** Splits an entry into the request it stores. */
export function decodeEntry(id: string, entry: string): LeasedRequest {
  const a = entry.indexOf('\t');
  const b = entry.indexOf('\t', a + 1);
  const c = entry.indexOf('\t', b + 1);
  const d = entry.indexOf('\t', c + 1);
  const retries = Number(entry.slice(a + 1, b));
  const priority = Number(entry.slice(b + 1, c));
  const data = entry.slice(c + 1, d);
  const uniqueKey = entry.slice(d + 1);
  if (data.charCodeAt(0) !== 0x7b /* { */) {
    const space = data.indexOf(' ');
    return { id, url: data.slice(space + 1), method: 'GET', depth: Number(data.slice(0, space)), priority, retries, uniqueKey };
  }
  const stored = JSON.parse(data) as Omit<LeasedRequest, 'id' | 'uniqueKey' | 'priority' | 'retries'>;
  return { id, ...stored, priority, retries, uniqueKey };
}

const CURSOR = /^(\d{1,15})-(\d{1,19})$/;

/** Checks an item cursor (a stream id "<ms>-<n>" from readItems). */
export function checkCursor(cursor: unknown): string {
  if (typeof cursor !== 'string' || !CURSOR.test(cursor)) {
    throw new OptionError('cursor', cursor, 'is not an item cursor from readItems');
  }
  return cursor;
}

/** The smallest stream id after `cursor`: XTRIM MINID removes everything before it. */
export function cursorSuccessor(cursor: string): string {
  const [, ms, n] = CURSOR.exec(checkCursor(cursor)) as RegExpExecArray;
  return `${ms}-${BigInt(n as string) + 1n}`;
}
