// Events the library emits instead of printing. Only cli/ turns them into output.

export interface CrawlStats {
  readonly startedAt: number;
  /** HTTP requests sent: every attempt, redirect hop, download and robots.txt (not cache hits). */
  readonly requests: number;
  readonly done: number;
  readonly failed: number;
  readonly retried: number;
  readonly pending: number;
  readonly inFlight: number;
  /** Items written to the output by this process. */
  readonly items: number;
  /** Items this worker handed to the frontier for the job's owner to write. */
  readonly queuedItems: number;
  /** Files written by handlers (downloads, writeFile, HLS). */
  readonly files: number;
  /** Bytes received: pages, downloads and HLS segments. */
  readonly bytes: number;
  /** Responses by status class, e.g. { '2xx': 10, '4xx': 1 }. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, number>>;
}

export type CrawlEvent =
  | { readonly type: 'request-failed'; readonly url: string; readonly code: string; readonly reason: string }
  /** The handler threw a retryable error: the request goes back to the frontier. */
  | { readonly type: 'request-retry'; readonly url: string; readonly reason: string; readonly attempt: number }
  /** One HTTP request sent and answered (status), or failed without an answer (status 0, code). */
  | { readonly type: 'request'; readonly url: string; readonly method: string; readonly status: number; readonly ms: number; readonly code?: string }
  /** The fetcher retries a request (network error, timeout, 408, 429, 5xx) after `delayMs`. */
  | {
      readonly type: 'fetch-retry';
      readonly url: string;
      /** The attempt about to be made: 2 for the first retry. */
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
      readonly code: string;
    }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'progress'; readonly stats: CrawlStats };
