// RFC 9111 (HTTP Caching) for a private cache, as pure functions of headers and times: may a
// response be stored (section 3), is a stored one fresh (4.2), how is it revalidated (4.3) and
// updated by a 304 (3.2, 4.3.4), which stored responses does an unsafe request invalidate (4.4).
// Header parsing (Cache-Control, Vary, dates, ETags) is undici's, loaded only in this mode.
import type { CacheControlDirectives } from 'undici/lib/util/cache.js';
import { lazyRequire } from '../../util/lazy-require.js';
import type { StoredResponse } from './cache-store.js';

const undiciCache = lazyRequire<typeof import('undici/lib/util/cache.js')>('undici/lib/util/cache.js');
const undiciDate = lazyRequire<typeof import('undici/lib/util/date.js')>('undici/lib/util/date.js');

type Headers = Readonly<Record<string, string>>;
type Directives = CacheControlDirectives;

/** Section 4.2.2: statuses a cache may give a heuristic freshness lifetime. */
const HEURISTICALLY_CACHEABLE: ReadonlySet<number> = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);
/** Section 3.1 / 3.2: fields never updated from a 304 (the stored body depends on them). */
const NOT_UPDATED = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'content-range', 'connection', 'keep-alive', 'set-cookie']);
/** RFC 9110 9.2.1: the methods whose requests do not invalidate stored responses. */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export function cacheControl(headers: Headers): Directives {
  const value = headers['cache-control'];
  return value ? undiciCache().parseCacheControlHeader(value) : {};
}

function httpDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const date = undiciDate().parseHttpDate(value.trim());
  return date && !Number.isNaN(date.getTime()) ? date.getTime() : undefined;
}

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method);
}

/** Section 4.2.1: the freshness lifetime in seconds, for a private cache (s-maxage is not ours). */
export function freshnessLifetime(status: number, headers: Headers, responseTime: number): number {
  const directives = cacheControl(headers);
  if (directives['max-age'] !== undefined) return directives['max-age'];
  const date = httpDate(headers.date) ?? responseTime;
  if (headers.expires !== undefined) {
    // An Expires that does not parse (often "0" or "-1") means already expired.
    const expires = httpDate(headers.expires);
    return expires === undefined ? 0 : Math.max(0, (expires - date) / 1000);
  }
  // Section 4.2.2: a heuristic, here the common 10% of the time since Last-Modified.
  if (HEURISTICALLY_CACHEABLE.has(status) || directives.public) {
    const lastModified = httpDate(headers['last-modified']);
    if (lastModified !== undefined && lastModified < date) return (date - lastModified) / 10_000;
  }
  return 0;
}

/** Section 4.2.3: the stored response's current age in seconds. */
export function currentAge(stored: StoredResponse, now: number): number {
  const ageValue = Number.parseInt(stored.headers.age ?? '0', 10);
  const dateValue = httpDate(stored.headers.date) ?? stored.responseTime;
  const apparentAge = Math.max(0, stored.responseTime - dateValue) / 1000;
  const responseDelay = (stored.responseTime - stored.requestTime) / 1000;
  const correctedAgeValue = (Number.isFinite(ageValue) && ageValue > 0 ? ageValue : 0) + responseDelay;
  const correctedInitialAge = Math.max(apparentAge, correctedAgeValue);
  const residentTime = (now - stored.responseTime) / 1000;
  return correctedInitialAge + residentTime;
}

function hasValidator(headers: Headers): boolean {
  const etag = headers.etag;
  return (etag !== undefined && undiciCache().isEtagUsable(etag)) || httpDate(headers['last-modified']) !== undefined;
}

/** Section 3: whether a private cache may store this response to this request. */
export function isStorable(method: string, status: number, request: Headers, response: Headers, responseTime: number): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  // Final statuses only; partial content and 304 are not stored responses of their own.
  if (status < 200 || status === 206 || status === 304) return false;
  const req = cacheControl(request);
  const res = cacheControl(response);
  if (req['no-store'] || res['no-store']) return false;
  if (response.vary !== undefined && undiciCache().isInvalidOrWildcardVaryHeader(response.vary)) return false;
  const explicit = res['max-age'] !== undefined || response.expires !== undefined || res.public === true || res.private !== undefined;
  if (!explicit && !HEURISTICALLY_CACHEABLE.has(status)) return false;
  // Storable, and worth storing only if it can be used again: fresh for a while, or revalidatable.
  return freshnessLifetime(status, response, responseTime) > 0 || hasValidator(response);
}

/** The request's values of the fields the response's Vary names, to store with it. */
export function varyValues(request: Headers, response: Headers): Record<string, string | null> | undefined {
  if (response.vary === undefined) return undefined;
  const values = undiciCache().parseVaryHeader(response.vary, request as Record<string, string>);
  if (!values) return undefined;
  const out: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(values)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** Section 4.1: whether `request` selects `stored` (the fields named by Vary match). */
export function varyMatches(stored: StoredResponse, request: Headers): boolean {
  if (!stored.vary) return true;
  for (const [name, value] of Object.entries(stored.vary)) {
    const now = request[name];
    if ((now === undefined ? null : now.trim()) !== (value === null ? null : value.trim())) return false;
  }
  return true;
}

/** Section 4.2 and 5.2.1: whether `stored` may answer `request` now without asking the server. */
export function isFresh(stored: StoredResponse, request: Headers, now: number): boolean {
  const res = cacheControl(stored.headers);
  const req = cacheControl(request);
  if (res['no-cache'] !== undefined || req['no-cache'] !== undefined) return false;
  const lifetime = freshnessLifetime(stored.status, stored.headers, stored.responseTime);
  const age = currentAge(stored, now);
  if (req['max-age'] !== undefined && age > req['max-age']) return false;
  if (req['min-fresh'] !== undefined && lifetime - age < req['min-fresh']) return false;
  if (age < lifetime) return true;
  // A request may accept a stale response (max-stale), unless the response forbids it.
  const maxStale = req['max-stale'];
  return maxStale !== undefined && !res['must-revalidate'] && age < lifetime + maxStale;
}

/** Section 4.3.1: the validators for a conditional request, or undefined when it has none. */
export function conditionalHeaders(stored: StoredResponse): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const etag = stored.headers.etag;
  if (etag !== undefined && undiciCache().isEtagUsable(etag)) out['if-none-match'] = etag;
  const lastModified = stored.headers['last-modified'];
  if (lastModified !== undefined && httpDate(lastModified) !== undefined) out['if-modified-since'] = lastModified;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Section 4.3.4: whether a 304 is about `stored` (a strong ETag in it must be the stored one),
 * and the stored headers updated with the 304's (section 3.2).
 */
export function applyNotModified(stored: StoredResponse, notModified: Headers): Record<string, string> | undefined {
  const etag = notModified.etag;
  if (etag !== undefined && !etag.startsWith('W/') && stored.headers.etag !== undefined && etag !== stored.headers.etag) return undefined;
  const merged: Record<string, string> = { ...stored.headers };
  for (const [name, value] of Object.entries(notModified)) {
    if (!NOT_UPDATED.has(name)) merged[name] = value;
  }
  return merged;
}
