// The Fetcher: trawl's HTTP client on undici. It owns the connection pools (or the proxies'), the
// per-host slots, the cookie jar, the robots cache and the HTTP cache, and composes the fetch
// layers in one place (below).
// fetch() returns a fully read, decompressed body; stream() returns the body as a stream for
// downloads. Both share slots, retries and redirects.
import { PassThrough, type Duplex, type Readable } from 'node:stream';
import type { CookieJar } from 'tough-cookie';
import type { FetchRequest, FetchResult, StreamingResult } from '../types/fetch.js';
import { TypedEmitter } from '../util/emitter.js';
import { parseHttpUrl } from '../util/url.js';
import { CookieSession, cookieLayer } from './cookies.js';
import { codingsToUndo, createDecoders } from './decompress.js';
import type { FetchEvent } from './events.js';
import type { CallState, Exchange, Send } from './exchange.js';
import { HostSlots } from './host-slots.js';
import { SharedHostSlots } from './shared-slots.js';
import type { Permit, Slots } from './slots.js';
import { mapTransportError } from './map-error.js';
import { resolveFetcherOptions, type FetcherOptions, type ResolvedFetcherOptions } from './options.js';
import { redirectLayer } from './redirect.js';
import { BufferedResult } from './result.js';
import { retryLayer } from './retry.js';
import { RobotsPolicy, robotsLayer } from './robots.js';
import { slotLayer } from './slot-layer.js';
import { transportLayer } from './transport.js';
import { HttpCache } from './cache/http-cache.js';
import { HttpCacheStore } from './cache/cache-store.js';
import type { ProxyStats } from './proxy/proxy-pool.js';
import { createRoutes, type Routes } from './proxy/routes.js';

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) out[name.toLowerCase()] = headers[name]!;
  return out;
}

export class Fetcher {
  readonly options: ResolvedFetcherOptions;
  /** Concurrency, delay and backoff per origin: this process's own, or the job's (options.sharedHosts). */
  readonly slots: Slots;
  readonly events = new TypedEmitter<FetchEvent>();
  readonly #routes: Routes;
  readonly #cache: HttpCache | undefined;
  readonly #cookies: CookieSession;
  readonly #send: Send;
  /** Headers every fetch() sends unless the request overrides them. */
  readonly #fetchHeaders: Readonly<Record<string, string>>;
  /** stream() asks for no content-coding: a Range is then a range of the file itself. */
  readonly #streamHeaders: Readonly<Record<string, string>>;

  constructor(options?: FetcherOptions) {
    const opts = resolveFetcherOptions(options);
    this.options = opts;
    const shared = opts.sharedHosts;
    this.slots = shared
      ? new SharedHostSlots({ concurrency: opts.concurrency, perHost: opts.perHost, delayMs: opts.delayMs, ...shared })
      : new HostSlots({ concurrency: opts.concurrency, perHost: opts.perHost, delayMs: opts.delayMs });
    this.#cookies = new CookieSession(opts.cookies);
    const cookies = this.#cookies;
    this.#cache = opts.cache
      ? new HttpCache({
          store: HttpCacheStore.open(opts.cache.dir),
          mode: opts.cache.mode,
          events: this.events,
          storeCookies: (url, setCookies) => cookies.store(url, setCookies),
        })
      : undefined;
    // Undici's agent (direct), or the proxies' dispatchers; proxy code loads only for proxies.
    this.#routes = createRoutes(
      { ...opts, connections: opts.perHost },
      (event) => this.events.emit({ type: 'proxy', ...event }),
    );
    const own = lowerCaseKeys(opts.headers);
    const common = { 'user-agent': opts.userAgent, accept: '*/*' };
    this.#streamHeaders = Object.freeze({ ...common, ...own });
    this.#fetchHeaders = Object.freeze({ ...common, 'accept-encoding': 'gzip, deflate, br', ...own });

    const transport = transportLayer(this.#routes.dispatcher, opts);
    const routed = this.#routes.wrap(transport);
    const cache = this.#cache;
    const robots = opts.robots
      ? new RobotsPolicy({
          send: cache ? cache.layer(routed) : routed,
          ...(cache ? { cached: (exchange: Exchange) => cache.servesWithoutNetwork(exchange) } : {}),
          slots: this.slots,
          headers: this.#streamHeaders,
          userAgent: this.#streamHeaders['user-agent']!,
          onCrawlDelay: (origin, delayMs) => this.slots.setDelay(origin, Math.max(opts.delayMs, delayMs)),
        })
      : undefined;
    const allowStatus = new Set(opts.allowStatus);
    const cacheLayer = cache ? (next: Send): Send => cache.layer(next) : (next: Send): Send => next;

    // The fetch layers, outermost first. Each is a thin function of the one below it:
    //   redirect  follows 3xx hop by hop (scheme, loop and count checks; 303 -> GET)
    //   retry     per hop: backoff + jitter; Retry-After blocks the origin in `slots`
    //   robots    refuses what robots.txt disallows, before asking for a slot (so that
    //             Crawl-delay already spaces the first pages); robots.txt itself goes through
    //             the cache and the proxies
    //   cache     (with `cache`) answers from the HTTP cache. Below retry and redirect, so each
    //             hop is stored and replayed on its own and only answers the site would give
    //             again are kept; below robots, so a replayed crawl obeys robots.txt as the
    //             live one did; above slot, so a hit takes no host slot and no delay
    //   slot      holds a HostSlots permit for the hop's origin until its body is done
    //   cookies   Cookie header from the jar, Set-Cookie into it, on every hop
    //   proxy     (with proxies) picks the proxy, benches failing ones and switches at once
    //   transport one undici exchange: timeouts, error mapping, decompression, size limit
    this.#send = redirectLayer(
      { maxRedirects: opts.maxRedirects, allowStatus, checkTarget: opts.redirectGuard },
      this.events,
      retryLayer(
        { maxRetries: opts.maxRetries, retryBaseMs: opts.retryBaseMs, retryMaxMs: opts.retryMaxMs, allowStatus },
        this.slots,
        this.events,
        robotsLayer(robots, cacheLayer(slotLayer(this.slots, cookieLayer(this.#cookies, routed)))),
      ),
    );
  }

  /** The cookie jar in use, or undefined when cookies are off. */
  get cookieJar(): CookieJar | undefined {
    return this.#cookies.jar;
  }

  /**
   * Fetches `request` and reads the whole body. Resolves with a 2xx response (or a status listed
   * in allowStatus); rejects with HttpStatusError, TimeoutError, NetworkError, RedirectError,
   * BodyTooLargeError, RobotsDisallowedError or InvalidUrlError, or the signal's reason.
   */
  fetch(request: FetchRequest): Promise<FetchResult> {
    return this.#fetch(request, undefined);
  }

  /**
   * Starts `request` now if its host's slot allows it (what a scheduler asks instead of
   * waiting), else returns undefined and nothing is queued: ask again after `whenReady()`.
   * `origin` is the request URL's origin, when the caller knows it already.
   */
  tryFetch(request: FetchRequest, origin?: string): Promise<FetchResult> | undefined {
    // What the HTTP cache answers alone touches no host: it takes no slot and waits for no delay.
    if (this.#cache && this.servesFromCache(request)) return this.#fetch(request, undefined);
    let permit: Permit | undefined;
    try {
      permit = this.slots.tryAcquire(origin ?? new URL(request.url).origin);
    } catch {
      // A URL that does not parse fails in fetch() with its own error.
      return this.#fetch(request, undefined);
    }
    return permit ? this.#fetch(request, permit) : undefined;
  }

  /** Resolves when a request that tryFetch() refused may start: a slot freed, a delay or block ended. */
  whenReady(): Promise<void> {
    return this.slots.onAvailable();
  }

  async #fetch(request: FetchRequest, permit: Permit | undefined): Promise<FetchResult> {
    const call: CallState = { permit, attempts: 0, chain: [] };
    try {
      const hop = await this.#send(this.#exchange(request, false, call));
      const chain = call.chain;
      return new BufferedResult(chain[chain.length - 1]!, chain, hop.status, hop.headers, hop.body!, call.attempts, hop.cache);
    } finally {
      // A permit that was never used (the URL did not parse, the signal had fired) goes back.
      call.permit?.release();
    }
  }

  /**
   * Like fetch() up to the response headers; the body is returned as a stream, decompressed only
   * when Content-Encoding says so. The caller must read it to the end or destroy it: the host's
   * permit is held until then. 206 is a success like 200 (send Range in `headers`).
   */
  async stream(request: FetchRequest): Promise<StreamingResult> {
    const call: CallState = { permit: undefined, attempts: 0, chain: [] };
    try {
      const hop = await this.#send(this.#exchange(request, true, call));
      const chain = call.chain;
      const url = chain[chain.length - 1]!;
      const body = wrapBody(hop.raw!, hop.headers['content-encoding'], url, this.options, request.signal);
      return { url, redirects: chain, status: hop.status, headers: hop.headers, body };
    } finally {
      call.permit?.release();
    }
  }

  /** The Cookie header the jar would send to `url` ('' when none, or cookies are off). */
  getCookieString(url: string): string {
    return this.#cookies.cookieString(url);
  }

  /** Each proxy's counters (requests, failures, bans, benched); empty without proxies. */
  proxyStats(): ProxyStats[] {
    return this.#routes.stats();
  }

  /**
   * Whether fetch(request) would be answered by the HTTP cache alone — no connection, no host
   * slot — as things stand now. A scheduler may skip taking a permit for such a request.
   */
  servesFromCache(request: FetchRequest): boolean {
    if (!this.#cache) return false;
    try {
      return this.#cache.servesWithoutNetwork(this.#exchange(request, false, { permit: undefined, attempts: 0, chain: [] }));
    } catch {
      return false; // a URL that does not parse: fetch() reports it
    }
  }

  /** Stops waiting requests and closes every connection once in-flight requests finish. */
  async close(): Promise<void> {
    if (this.slots instanceof SharedHostSlots) await this.slots.releaseAll();
    this.slots.close();
    await this.#routes.close();
    this.#cache?.close();
  }

  #exchange(request: FetchRequest, streaming: boolean, call: CallState): Exchange {
    const url = parseHttpUrl(request.url, 'request');
    const base = streaming ? this.#streamHeaders : this.#fetchHeaders;
    const headers = request.headers ? { ...base, ...lowerCaseKeys(request.headers) } : base;
    return {
      url,
      method: request.method ? request.method.toUpperCase() : 'GET',
      headers,
      body: request.body,
      signal: request.signal,
      streaming,
      call,
    };
  }
}

/**
 * The caller's body stream: the raw body, decoded if need be, with undici and zlib errors turned
 * into trawl errors. Destroying it destroys the raw body, which aborts the transfer and (through
 * the slot layer's 'close' hook) gives the permit back.
 */
function wrapBody(
  raw: Readable,
  contentEncoding: string | undefined,
  url: string,
  opts: ResolvedFetcherOptions,
  signal: AbortSignal | undefined,
): StreamingResult['body'] {
  const out = new PassThrough();
  const codings = codingsToUndo(contentEncoding);
  const stages: Readable[] = [raw, ...(codings ? createDecoders(codings) : [])];
  const fail = (error: unknown): void => {
    out.destroy(mapTransportError(error, url, opts, signal) as Error);
  };
  out.once('close', () => {
    for (const stage of stages) stage.destroy();
  });
  let upstream: Readable = raw;
  for (const stage of stages) {
    stage.on('error', fail);
    if (stage !== raw) upstream = upstream.pipe(stage as Duplex);
  }
  upstream.pipe(out);
  return out;
}
