// Fetcher options: documented defaults, validated once with zod when a Fetcher is built.
// Every layer reads the resolved, frozen object; nothing re-checks an option later.
import type { CookieJar } from 'tough-cookie';
import { z } from 'zod';
import { validateOptions } from '../config/validate.js';
import type { HostSyncReply, HostSyncRequest } from '../types/frontier.js';
import { OptionError } from '../errors/option-error.js';
import type { CacheMode } from './cache/http-cache.js';
import type { ProxyRotation } from './proxy/proxy-pool.js';
import { maskProxy, parseProxyUrl, type ProxyUrl } from './proxy/proxy-url.js';

export interface CacheOptions {
  /** The folder holding the cache (`http-cache.db`), created when missing. */
  readonly dir: string;
  /**
   * replay: serve whatever is stored, fetch (and store) only misses; refresh: always fetch and
   * store; rfc9111: a private HTTP cache that obeys Cache-Control, Expires, ETag and
   * Last-Modified, revalidating stale responses. @default 'replay'
   */
  readonly mode?: CacheMode;
}

export interface FetcherOptions {
  /** Requests in flight across all hosts. @default 16 */
  readonly concurrency?: number;
  /** Requests in flight per origin (also the undici connections per origin). @default 8 */
  readonly perHost?: number;
  /** Minimum milliseconds between two request starts on one origin. @default 0 */
  readonly delayMs?: number;
  /** Time allowed to open a connection (TCP + TLS). @default 10000 */
  readonly connectTimeoutMs?: number;
  /** Time allowed from sending the request to receiving the response headers; 0 disables. undici
   * checks timeouts over 1 s on a coarse clock, so they may fire up to about a second late. @default 30000 */
  readonly headersTimeoutMs?: number;
  /** Longest silence allowed between two body chunks; 0 disables (same resolution as above). @default 30000 */
  readonly bodyTimeoutMs?: number;
  /** Retries after the first attempt (network errors, timeouts, 408, 429, 5xx). @default 3 */
  readonly maxRetries?: number;
  /** Backoff before the first retry, doubled for each further retry (half-jittered). @default 500 */
  readonly retryBaseMs?: number;
  /** Longest wait before a retry; a Retry-After longer than this is not waited for. @default 30000 */
  readonly retryMaxMs?: number;
  /** Redirects followed before RedirectError 'too-many'. @default 10 */
  readonly maxRedirects?: number;
  /** Largest decompressed body `fetch()` accepts (not `stream()`). @default 67108864 (64 MiB) */
  readonly maxBodyBytes?: number;
  /** Sent as User-Agent unless `headers` names one; also the robots.txt agent. @default 'trawl/0.1' */
  readonly userAgent?: string;
  /** Headers sent with every request; a request's own headers win. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** true: a cookie jar private to this Fetcher; false: no cookies; or a tough-cookie jar to share. @default true */
  readonly cookies?: boolean | CookieJar;
  /**
   * Proxy URL(s): http://, https://, socks4://, socks4a://, socks5:// (trawl resolves names) or
   * socks5h:// (the proxy does), credentials as user:password@ (never shown in messages). http
   * targets go to an HTTP proxy in absolute form, https ones through CONNECT. Several proxies
   * rotate (`proxyRotation`); one that fails is benched (see `proxyBenchMs`). undefined: the
   * proxies in HTTP_PROXY / HTTPS_PROXY (lower case first), except for NO_PROXY hosts; false:
   * none, whatever the environment says. @default undefined
   */
  readonly proxy?: string | readonly string[] | false;
  /** With several proxies: 'request' takes the next proxy for each request; 'host' keeps one proxy per origin while it works. @default 'request' */
  readonly proxyRotation?: ProxyRotation;
  /**
   * How long a proxy that failed (could not be reached, answered 407, refused the target, or
   * whose request got 403/429 that another proxy did not) is left out; doubled for each further
   * failure in a row, at most 10 minutes. @default 5000
   */
  readonly proxyBenchMs?: number;
  /** Longest a request waits for a benched proxy when every proxy is benched; then ProxyError. @default 60000 */
  readonly proxyWaitMs?: number;
  /**
   * false: refuse requests and redirects to loopback, private, link-local and other non-public
   * addresses (IPv4 and IPv6), checked after DNS resolution (PrivateNetworkError). @default true
   */
  readonly privateNetworks?: boolean;
  /** An HTTP cache for fetch() (not stream()): see CacheOptions. @default undefined */
  readonly cache?: CacheOptions;
  /** Honour robots.txt (fetched once per origin) and its Crawl-delay. @default false */
  readonly robots?: boolean;
  /** Non-2xx statuses returned as results instead of thrown (and not retried). @default [] */
  readonly allowStatus?: readonly number[];
  /**
   * Makes `perHost`, `delayMs` and Retry-After blocks hold across every worker of a job: this
   * fetcher runs requests only under host permits the job's frontier grants (its syncHosts).
   * @default undefined (the limits are this process's own)
   */
  readonly sharedHosts?: SharedHostsOption;
  /**
   * Called before a redirect is followed, with its target and the URL that sent it; what it
   * throws fails the fetch (a crawl's host rules refuse redirects this way). @default undefined
   */
  readonly redirectGuard?: (target: URL, from: URL) => void;
}

export interface SharedHostsOption {
  /** This worker's id in the job (its heartbeats carry the same id). */
  readonly worker: string;
  /** A worker not heard from for this long holds no permits. */
  readonly staleMs: number;
  readonly sync: (request: HostSyncRequest) => Promise<HostSyncReply>;
  readonly onError?: (error: unknown) => void;
}

export interface ResolvedFetcherOptions {
  readonly concurrency: number;
  readonly perHost: number;
  readonly delayMs: number;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  readonly maxRedirects: number;
  readonly maxBodyBytes: number;
  readonly userAgent: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: boolean | CookieJar;
  /** The proxies, parsed; undefined: the environment's; false: none. */
  readonly proxy: readonly ProxyUrl[] | false | undefined;
  readonly proxyRotation: ProxyRotation;
  readonly proxyBenchMs: number;
  readonly proxyWaitMs: number;
  readonly privateNetworks: boolean;
  readonly cache: Required<CacheOptions> | undefined;
  readonly robots: boolean;
  readonly allowStatus: readonly number[];
  readonly sharedHosts: SharedHostsOption | undefined;
  readonly redirectGuard: ((target: URL, from: URL) => void) | undefined;
}

const count = (min: number) => z.number().int().min(min);
const millis = z.number().int().min(0);

const schema = z.strictObject({
  concurrency: count(1).default(16),
  perHost: count(1).default(8),
  delayMs: millis.default(0),
  connectTimeoutMs: count(1).default(10_000),
  headersTimeoutMs: millis.default(30_000),
  bodyTimeoutMs: millis.default(30_000),
  maxRetries: count(0).default(3),
  retryBaseMs: millis.default(500),
  retryMaxMs: millis.default(30_000),
  maxRedirects: count(0).default(10),
  maxBodyBytes: count(1).default(64 * 1024 * 1024),
  userAgent: z.string().min(1).default('trawl/0.1'),
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid header name'), z.string())
    .default({}),
  cookies: z
    .union([z.boolean(), z.custom<CookieJar>(isCookieJar, 'expected true, false or a tough-cookie CookieJar')])
    .default(true),
  // Checked below: zod would show a bad value, password and all, in its message.
  proxy: z.union([z.literal(false), z.string(), z.array(z.string()).min(1)]).optional(),
  proxyRotation: z.enum(['request', 'host']).default('request'),
  proxyBenchMs: count(1).default(5000),
  proxyWaitMs: millis.default(60_000),
  privateNetworks: z.boolean().default(true),
  cache: z
    .strictObject({ dir: z.string().min(1), mode: z.enum(['replay', 'refresh', 'rfc9111']).default('replay') })
    .optional(),
  robots: z.boolean().default(false),
  allowStatus: z.array(z.number().int().min(100).max(599)).default([]),
  sharedHosts: z
    .custom<SharedHostsOption>(
      (v) => typeof v === 'object' && v !== null && typeof (v as SharedHostsOption).sync === 'function' && typeof (v as SharedHostsOption).worker === 'string',
      'expected { worker, staleMs, sync }',
    )
    .optional(),
  redirectGuard: z.custom<(target: URL, from: URL) => void>((value) => typeof value === 'function', 'must be a function').optional(),
});

/** Validates `input` and fills in defaults; throws OptionError naming the first bad option. */
export function resolveFetcherOptions(input: FetcherOptions | undefined): ResolvedFetcherOptions {
  const { proxy, cache, sharedHosts, redirectGuard, ...rest } = validateOptions(schema, input, 'Fetcher');
  return Object.freeze({
    ...rest,
    sharedHosts,
    redirectGuard,
    proxy: proxy === undefined || proxy === false ? proxy : Object.freeze(parseProxies(proxy)),
    cache: cache ? Object.freeze({ ...cache }) : undefined,
    headers: Object.freeze({ ...rest.headers }),
  });
}

function parseProxies(input: string | readonly string[]): ProxyUrl[] {
  return (typeof input === 'string' ? [input] : input).map((value) => {
    const parsed = parseProxyUrl(value);
    if (typeof parsed === 'string') throw new OptionError('proxy', maskProxy(value), parsed);
    return parsed;
  });
}

/** Duck-typed so that tough-cookie is not loaded just to validate options. */
function isCookieJar(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as CookieJar).getCookieStringSync === 'function';
}
