// Events a Fetcher emits (fetcher.events) instead of logging.

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
  | { readonly type: 'redirect'; readonly from: string; readonly to: string; readonly status: number };
