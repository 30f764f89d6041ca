// Events a Fetcher emits (fetcher.events) instead of logging.
import type { ProxyStats } from './proxy/proxy-pool.js';

export type { ProxyStats } from './proxy/proxy-pool.js';

export type FetchEvent =
  | {
      readonly type: 'retry';
      /** The URL of the hop being retried. */
      readonly url: string;
      /** The attempt about to be made: 2 for the first retry. */
      readonly attempt: number;
      /** How long before it starts (backoff, or the server's Retry-After). */
      readonly delayMs: number;
      /** The failure, as a one-line message. */
      readonly reason: string;
      /** The failure's stable code (TRAWL_ERR_HTTP_STATUS, TRAWL_ERR_TIMEOUT…). */
      readonly code: string;
    }
  | { readonly type: 'redirect'; readonly from: string; readonly to: string; readonly status: number }
  | {
      /** A proxy was benched (it failed) or came back (it answered again). */
      readonly type: 'proxy';
      readonly change: 'benched' | 'back';
      /** Its counters after the change; the password in its URL is masked. */
      readonly stats: ProxyStats;
      /** Why, in a few words ("cannot connect (ECONNREFUSED)", "the site answered 429 through it"). */
      readonly reason: string;
    }
  | {
      /** What the HTTP cache did with one hop of a fetch() (option `cache`). */
      readonly type: 'cache';
      readonly url: string;
      /**
       * hit: served from the cache, the site untouched; revalidated: the site answered 304 and
       * the stored body was served; stored: fetched and stored; not-stored: fetched, not
       * storable (a 5xx, no-store…); error: the cache could not be written (`reason`).
       */
      readonly outcome: 'hit' | 'revalidated' | 'stored' | 'not-stored' | 'error';
      readonly reason?: string;
    };
