// RFC 9111 for a private cache, as pure functions. Test names quote the section they check.
import { describe, expect, it } from 'vitest';
import type { StoredResponse } from '../../../src/http/cache/cache-store.js';
import {
  applyNotModified,
  conditionalHeaders,
  currentAge,
  freshnessLifetime,
  isFresh,
  isStorable,
  varyMatches,
  varyValues,
} from '../../../src/http/cache/rfc9111.js';

const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);
const httpDate = (ms: number): string => new Date(ms).toUTCString();

function stored(headers: Record<string, string>, extra: Partial<StoredResponse> = {}): StoredResponse {
  return {
    key: 'k',
    method: 'GET',
    url: 'http://example.test/',
    status: 200,
    headers,
    setCookies: undefined,
    body: Buffer.from('body'),
    vary: undefined,
    requestTime: T0,
    responseTime: T0,
    ...extra,
  };
}

describe('RFC 9111 3. Storing Responses in Caches', () => {
  it('3: a private cache MUST NOT store a response to a request or with a response carrying no-store', () => {
    expect(isStorable('GET', 200, { 'cache-control': 'no-store' }, { 'cache-control': 'max-age=60' }, T0)).toBe(false);
    expect(isStorable('GET', 200, {}, { 'cache-control': 'no-store, max-age=60' }, T0)).toBe(false);
  });

  it('3: private responses may be stored by a private cache', () => {
    expect(isStorable('GET', 200, {}, { 'cache-control': 'private, max-age=60' }, T0)).toBe(true);
  });

  it('3: a status that is not heuristically cacheable needs explicit freshness', () => {
    expect(isStorable('GET', 302, {}, { etag: '"a"' }, T0)).toBe(false);
    expect(isStorable('GET', 302, {}, { 'cache-control': 'max-age=60' }, T0)).toBe(true);
    expect(isStorable('GET', 404, {}, { 'last-modified': httpDate(T0 - 86_400_000), date: httpDate(T0) }, T0)).toBe(true);
  });

  it('3: partial content (206) and 304 are not stored; unsafe methods are not stored', () => {
    expect(isStorable('GET', 206, {}, { 'cache-control': 'max-age=60' }, T0)).toBe(false);
    expect(isStorable('GET', 304, {}, { 'cache-control': 'max-age=60' }, T0)).toBe(false);
    expect(isStorable('POST', 200, {}, { 'cache-control': 'max-age=60' }, T0)).toBe(false);
  });

  it('4.1: a Vary header value of "*" always fails to match, so such a response is not stored', () => {
    expect(isStorable('GET', 200, {}, { vary: '*', 'cache-control': 'max-age=60' }, T0)).toBe(false);
  });
});

describe('RFC 9111 4.1 Calculating Cache Keys with the Vary Header Field', () => {
  it('4.1: the request header fields nominated by Vary must match those of the original request', () => {
    const response = { vary: 'Accept-Language', 'cache-control': 'max-age=60' };
    const entry = stored(response, { vary: varyValues({ 'accept-language': 'en' }, response) });
    expect(varyMatches(entry, { 'accept-language': 'en' })).toBe(true);
    expect(varyMatches(entry, { 'accept-language': 'fr' })).toBe(false);
    expect(varyMatches(entry, {})).toBe(false);
  });
});

describe('RFC 9111 4.2 Freshness', () => {
  it('4.2.1: max-age wins over Expires; s-maxage is for shared caches only', () => {
    expect(freshnessLifetime(200, { 'cache-control': 'max-age=30, s-maxage=900', expires: httpDate(T0 + 600_000), date: httpDate(T0) }, T0)).toBe(30);
  });

  it('4.2.1: without max-age, the lifetime is Expires minus Date', () => {
    expect(freshnessLifetime(200, { expires: httpDate(T0 + 120_000), date: httpDate(T0) }, T0)).toBe(120);
  });

  it('5.3: an invalid Expires (such as "0") means already expired', () => {
    expect(freshnessLifetime(200, { expires: '0', date: httpDate(T0) }, T0)).toBe(0);
  });

  it('4.2.2: a heuristic lifetime may be a fraction of the time since Last-Modified', () => {
    const lifetime = freshnessLifetime(200, { 'last-modified': httpDate(T0 - 10 * 86_400_000), date: httpDate(T0) }, T0);
    expect(lifetime).toBe(86_400);
  });

  it('4.2.3: the current age adds the Age header, the response delay and the resident time', () => {
    const entry = stored({ age: '100', date: httpDate(T0) }, { requestTime: T0 - 2000, responseTime: T0 });
    expect(currentAge(entry, T0 + 50_000)).toBe(100 + 2 + 50);
  });

  it('4.2: a response is fresh while its age is below its lifetime', () => {
    const entry = stored({ 'cache-control': 'max-age=60', date: httpDate(T0) });
    expect(isFresh(entry, {}, T0 + 59_000)).toBe(true);
    expect(isFresh(entry, {}, T0 + 61_000)).toBe(false);
  });

  it('5.2.2.4: a response with no-cache MUST NOT be used without revalidation', () => {
    expect(isFresh(stored({ 'cache-control': 'no-cache, max-age=600' }), {}, T0 + 1000)).toBe(false);
  });

  it('5.2.1.1 / 5.2.1.4: a request max-age or no-cache asks for a fresher answer', () => {
    const entry = stored({ 'cache-control': 'max-age=600', date: httpDate(T0) });
    expect(isFresh(entry, { 'cache-control': 'max-age=10' }, T0 + 20_000)).toBe(false);
    expect(isFresh(entry, { 'cache-control': 'no-cache' }, T0 + 1000)).toBe(false);
  });

  it('5.2.1.2: max-stale accepts a stale response, unless it says must-revalidate', () => {
    expect(isFresh(stored({ 'cache-control': 'max-age=10', date: httpDate(T0) }), { 'cache-control': 'max-stale=60' }, T0 + 30_000)).toBe(true);
    expect(isFresh(stored({ 'cache-control': 'max-age=10, must-revalidate', date: httpDate(T0) }), { 'cache-control': 'max-stale=60' }, T0 + 30_000)).toBe(false);
  });
});

describe('RFC 9111 4.3 Validation', () => {
  it('4.3.1: a conditional request carries the stored ETag and Last-Modified', () => {
    const lastModified = httpDate(T0 - 1000);
    expect(conditionalHeaders(stored({ etag: '"v1"', 'last-modified': lastModified }))).toEqual({ 'if-none-match': '"v1"', 'if-modified-since': lastModified });
    expect(conditionalHeaders(stored({}))).toBeUndefined();
  });

  it('4.3.4: a 304 updates the stored header fields, but not Content-Length', () => {
    const merged = applyNotModified(stored({ etag: '"v1"', 'content-length': '4', 'cache-control': 'max-age=1', 'x-a': 'old' }), {
      etag: '"v1"',
      'cache-control': 'max-age=60',
      'content-length': '0',
      'x-a': 'new',
    });
    expect(merged).toEqual({ etag: '"v1"', 'content-length': '4', 'cache-control': 'max-age=60', 'x-a': 'new' });
  });

  it('4.3.4: a 304 whose strong validator is another one does not select the stored response', () => {
    expect(applyNotModified(stored({ etag: '"v1"' }), { etag: '"v2"' })).toBeUndefined();
  });
});
