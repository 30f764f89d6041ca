// The timing experiment's vocabulary: the three client models, one measured run, and the report
// that the table, the JSON output and the chart are all drawn from. Imports nothing.

/**
 * serial: one request after another on one connection.
 * pool:   P worker threads, each with one request in flight (the thread-pool model).
 * async:  one event loop with C requests in flight (trawl's Fetcher).
 */
export const MODES = ['serial', 'pool', 'async'] as const;
export type Mode = (typeof MODES)[number];

/** What a mode did, before any arithmetic: the raw counts and the clock. */
export interface Measurement {
  readonly mode: Mode;
  /** Requests made (timed). */
  readonly requests: number;
  /** Requests in flight at once: 1 (serial), P (pool) or C (async). */
  readonly concurrency: number;
  readonly delayMs: number;
  /** From the first timed request sent to the last response checked. */
  readonly wallMs: number;
  /** Responses that were 200 and carried the expected title. */
  readonly ok: number;
  /** Requests that failed, or answered with the wrong status or page. */
  readonly errors: number;
  /** The first failure, for the report (e.g. "a12: HTTP 503"). */
  readonly firstError?: string;
}

/** One line of the table (and of the JSON): a measurement with its ideal and efficiency. */
export interface BenchRow {
  readonly mode: Mode;
  readonly requests: number;
  readonly concurrency: number;
  readonly wallSeconds: number;
  /** ceil(requests / concurrency) x delay: the time the waiting alone takes. */
  readonly idealSeconds: number;
  readonly requestsPerSecond: number;
  /** idealSeconds / wallSeconds (0..1, 1 = no overhead at all); null when any request failed:
   * a run with errors says nothing about speed. */
  readonly efficiency: number | null;
  readonly ok: number;
  readonly errors: number;
  readonly firstError?: string;
}

export interface BenchReport {
  /** The delay server's base URL. */
  readonly url: string;
  readonly delayMs: number;
  /** Whether connections (and worker threads) were opened, and the runs rehearsed, before the
   * clock started. */
  readonly warmUp: boolean;
  /** One row per mode run, in the order run. */
  readonly modes: readonly BenchRow[];
  /** Async mode at each concurrency of the sweep, requests = 5 x C each. */
  readonly sweep: readonly BenchRow[];
}

/** Progress, for a display: a run starting, or its row once done. */
export type BenchEvent =
  | { readonly type: 'run-start'; readonly phase: 'mode' | 'sweep'; readonly mode: Mode; readonly requests: number; readonly concurrency: number }
  | { readonly type: 'run-done'; readonly phase: 'mode' | 'sweep'; readonly row: BenchRow };
