// The HTTP cache layer (Scrapy's HTTPCACHE, for developing spiders): fetch() responses are kept
// in a HttpCacheStore keyed by request fingerprint, one entry per hop of a redirect chain, so
// that a rerun replays the chain hop by hop without touching the site. stream() (downloads)
// is never cached.
//
//   replay   any stored response is served as it is; only misses are fetched (and stored)
//   refresh  every request is fetched; what comes back replaces what was stored
//   rfc9111  a private cache as RFC 9111 says: fresh responses are served, stale ones are
//            revalidated with If-None-Match / If-Modified-Since (a 304 serves the stored body),
//            unsafe methods invalidate; Cache-Control, Expires, Age, Vary are obeyed
//
// Stored in replay/refresh: what the site would answer again — 2xx (not 206), redirects and
// 4xx other than 408/429; never 5xx, 408 or 429, which the retry layer must see afresh.
// Requests that carry Range or their own validators pass through untouched.
import { createHash } from 'node:crypto';
import type { TypedEmitter } from '../../util/emitter.js';
import { fingerprint } from '../../util/url.js';
import type { FetchEvent } from '../events.js';
import type { Exchange, Hop, Send } from '../exchange.js';
import type { HttpCacheStore, StoredResponse } from './cache-store.js';
import {
  applyNotModified,
  conditionalHeaders,
  currentAge,
  isFresh,
  isSafeMethod,
  isStorable,
  varyMatches,
  varyValues,
} from './rfc9111.js';

export type CacheMode = 'replay' | 'refresh' | 'rfc9111';

const PASS_THROUGH_HEADERS = ['range', 'if-none-match', 'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range'];

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The cache key of a request: the frontier's fingerprint (method, normalised URL, body). A byte
 * body that is UTF-8 keys as its text would (the same bytes go on the wire); other bytes are
 * hashed in as they are.
 */
export function cacheKey(method: string, url: URL, body: string | Uint8Array | undefined): string {
  if (body === undefined || typeof body === 'string') return fingerprint(method, url, body);
  try {
    return fingerprint(method, url, utf8.decode(body));
  } catch {
    // not UTF-8: below
  }
  const hash = createHash('sha1');
  hash.update(fingerprint(method, url));
  hash.update('\nbytes\n');
  hash.update(body);
  return hash.digest('hex').slice(0, 32);
}

function replayable(status: number): boolean {
  if (status >= 200 && status < 300) return status !== 206;
  if (status >= 300 && status < 400) return status !== 304;
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export interface HttpCacheOptions {
  readonly store: HttpCacheStore;
  readonly mode: CacheMode;
  readonly events: TypedEmitter<FetchEvent>;
  /** Replayed Set-Cookie values go to the jar, as if the site had just set them (replay mode). */
  readonly storeCookies: (url: string, setCookies: readonly string[]) => void;
}

export class HttpCache {
  constructor(readonly options: HttpCacheOptions) {}

  /** Whether `exchange` would be answered from the cache alone (no connection, no host slot). */
  servesWithoutNetwork(exchange: Pick<Exchange, 'url' | 'method' | 'headers' | 'body'>): boolean {
    if (!this.#cacheable(exchange)) return false;
    const key = cacheKey(exchange.method, exchange.url, exchange.body);
    switch (this.options.mode) {
      case 'replay':
        return this.options.store.has(key);
      case 'refresh':
        return false;
      case 'rfc9111': {
        const stored = this.options.store.get(key);
        return stored !== undefined && varyMatches(stored, exchange.headers) && isFresh(stored, exchange.headers, Date.now());
      }
    }
  }

  /** The layer: see the header comment. */
  layer(next: Send): Send {
    return (exchange) => {
      if (exchange.streaming || !this.#cacheable(exchange)) return next(exchange);
      const key = cacheKey(exchange.method, exchange.url, exchange.body);
      switch (this.options.mode) {
        case 'replay': {
          const stored = this.options.store.get(key);
          if (stored) return Promise.resolve(this.#serve(stored, exchange, 'hit', true));
          return this.#fetchAndStore(next, exchange, key, (hop) => replayable(hop.status));
        }
        case 'refresh':
          return this.#fetchAndStore(next, exchange, key, (hop) => replayable(hop.status));
        case 'rfc9111':
          return this.#rfc9111(next, exchange, key);
      }
    };
  }

  close(): void {
    this.options.store.close();
  }

  #cacheable(exchange: Pick<Exchange, 'headers'>): boolean {
    for (const name of PASS_THROUGH_HEADERS) if (exchange.headers[name] !== undefined) return false;
    return true;
  }

  #serve(stored: StoredResponse, exchange: Exchange, outcome: 'hit' | 'revalidated', replayCookies: boolean): Hop {
    this.options.events.emit({ type: 'cache', url: exchange.url.href, outcome });
    if (replayCookies && stored.setCookies) this.options.storeCookies(exchange.url.href, stored.setCookies);
    let headers = stored.headers;
    // RFC 9111 5.1: a response served from a cache carries its age.
    if (this.options.mode === 'rfc9111') headers = { ...headers, age: String(Math.floor(currentAge(stored, Date.now()))) };
    return { status: stored.status, headers: { ...headers }, setCookies: undefined, body: stored.body, raw: undefined, cache: outcome };
  }

  async #fetchAndStore(next: Send, exchange: Exchange, key: string, storable: (hop: Hop, responseTime: number) => boolean): Promise<Hop> {
    const requestTime = Date.now();
    const hop = await next(exchange);
    const responseTime = Date.now();
    const url = exchange.url.href;
    if (!hop.body || !storable(hop, responseTime)) {
      this.options.events.emit({ type: 'cache', url, outcome: 'not-stored' });
      return hop;
    }
    this.#put({
      key,
      method: exchange.method,
      url,
      status: hop.status,
      headers: hop.headers,
      setCookies: hop.setCookies,
      body: hop.body,
      vary: this.options.mode === 'rfc9111' ? varyValues(exchange.headers, hop.headers) : undefined,
      requestTime,
      responseTime,
    });
    return hop;
  }

  #put(entry: StoredResponse): void {
    try {
      this.options.store.put(entry);
      this.options.events.emit({ type: 'cache', url: entry.url, outcome: 'stored' });
    } catch (error) {
      // A cache that cannot be written (disk full, locked too long) must not fail the fetch.
      this.options.events.emit({ type: 'cache', url: entry.url, outcome: 'error', reason: (error as Error).message });
    }
  }

  async #rfc9111(next: Send, exchange: Exchange, key: string): Promise<Hop> {
    const { method } = exchange;
    if (!isSafeMethod(method)) {
      const hop = await next(exchange);
      if (hop.status < 400) this.#invalidate(exchange.url, hop);
      return hop;
    }
    const isStorableHop = (hop: Hop, responseTime: number): boolean =>
      isStorable(method, hop.status, exchange.headers, hop.headers, responseTime);
    if (method !== 'GET' && method !== 'HEAD') return next(exchange);
    let stored = this.options.store.get(key);
    if (stored && !varyMatches(stored, exchange.headers)) stored = undefined;
    if (stored && isFresh(stored, exchange.headers, Date.now())) return this.#serve(stored, exchange, 'hit', false);
    const validators = stored ? conditionalHeaders(stored) : undefined;
    if (!stored || !validators) return this.#fetchAndStore(next, exchange, key, isStorableHop);

    const requestTime = Date.now();
    const hop = await next({ ...exchange, headers: { ...exchange.headers, ...validators } });
    const responseTime = Date.now();
    if (hop.status === 304) {
      const merged = applyNotModified(stored, hop.headers);
      // A 304 about another representation cannot be used: ask again, unconditionally.
      if (!merged) return this.#fetchAndStore(next, exchange, key, isStorableHop);
      this.#refresh(key, merged, requestTime, responseTime);
      return this.#serve({ ...stored, headers: merged, requestTime, responseTime }, exchange, 'revalidated', false);
    }
    if (hop.body && isStorableHop(hop, responseTime)) {
      this.#put({
        key,
        method,
        url: exchange.url.href,
        status: hop.status,
        headers: hop.headers,
        setCookies: hop.setCookies,
        body: hop.body,
        vary: varyValues(exchange.headers, hop.headers),
        requestTime,
        responseTime,
      });
    } else {
      this.options.events.emit({ type: 'cache', url: exchange.url.href, outcome: 'not-stored' });
    }
    return hop;
  }

  #refresh(key: string, headers: Record<string, string>, requestTime: number, responseTime: number): void {
    try {
      this.options.store.refresh(key, headers, requestTime, responseTime);
    } catch (error) {
      this.options.events.emit({ type: 'cache', url: key, outcome: 'error', reason: (error as Error).message });
    }
  }

  /** RFC 9111 4.4: an unsafe request that succeeded makes stored GET/HEAD answers for its URL (and its Location) stale. */
  #invalidate(url: URL, hop: Hop): void {
    const targets = [url];
    for (const name of ['location', 'content-location']) {
      const value = hop.headers[name];
      if (value && URL.canParse(value, url.href)) {
        const target = new URL(value, url);
        if (target.origin === url.origin) targets.push(target);
      }
    }
    try {
      for (const target of targets) {
        this.options.store.delete(cacheKey('GET', target, undefined));
        this.options.store.delete(cacheKey('HEAD', target, undefined));
      }
    } catch (error) {
      this.options.events.emit({ type: 'cache', url: url.href, outcome: 'error', reason: (error as Error).message });
    }
  }
}
