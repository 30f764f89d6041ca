// Events the library emits instead of printing. Only cli/ turns them into output.

export interface CrawlStats {
  readonly startedAt: number;
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
  | { readonly type: 'request-retry'; readonly url: string; readonly reason: string; readonly attempt: number }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'progress'; readonly stats: CrawlStats };
