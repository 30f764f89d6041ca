// serial and async modes: trawl's Fetcher with one request in flight (serial: a plain loop of
// awaits on one connection) or C in flight (async: C loops sharing one event loop).
import { errorMessage } from '../errors/trawl-error.js';
import { Fetcher } from '../http/fetcher.js';
import { checkPage, delayPath } from './verify.js';
import type { Measurement, Mode } from './types.js';

export interface FetcherRun {
  readonly mode: Extract<Mode, 'serial' | 'async'>;
  readonly url: string;
  readonly delayMs: number;
  readonly requests: number;
  readonly concurrency: number;
  /** Request ids are `${prefix}1` .. `${prefix}N`, unique per run so each answer can be checked. */
  readonly prefix: string;
  readonly warmUp: boolean;
}

/** Warm-up requests are opened in batches this large, WARM_GAP_MS apart, so that a thousand
 * connections do not arrive at once and overflow the server's listen backlog (511 in Node):
 * a dropped SYN costs a one-second retransmission. */
const WARM_BATCH = 50;
const WARM_GAP_MS = 5;
/** How long the last warm-up batch stays in flight after it is sent. */
const WARM_HOLD_MS = 150;

function newFetcher(concurrency: number, delayMs: number): Fetcher {
  return new Fetcher({
    concurrency,
    perHost: concurrency,
    // A retry would turn a failure into a slow success; the bench reports failures instead.
    maxRetries: 0,
    cookies: false,
    headersTimeoutMs: delayMs + 30_000,
    bodyTimeoutMs: 30_000,
  });
}

/**
 * Opens `count` connections: every warm-up request is still waiting on the server when the next
 * batch is sent, so the pool cannot reuse a connection and must open a new one for each. Failures
 * are ignored here; the timed run reports them.
 */
async function openConnections(fetcher: Fetcher, run: FetcherRun): Promise<void> {
  const batches = Math.ceil(run.concurrency / WARM_BATCH);
  const pending: Promise<unknown>[] = [];
  for (let b = 0; b < batches; b++) {
    if (b > 0) await new Promise((resolve) => setTimeout(resolve, WARM_GAP_MS));
    const hold = batches === 1 ? 0 : WARM_HOLD_MS + (batches - 1 - b) * WARM_GAP_MS;
    const size = Math.min(WARM_BATCH, run.concurrency - b * WARM_BATCH);
    for (let i = 0; i < size; i++) {
      const id = `${run.prefix}warm${b * WARM_BATCH + i}`;
      pending.push(fetcher.fetch({ url: run.url + delayPath(hold, id) }));
    }
  }
  await Promise.allSettled(pending);
}

export async function runFetcherMode(run: FetcherRun): Promise<Measurement> {
  const fetcher = newFetcher(run.concurrency, run.delayMs);
  try {
    if (run.warmUp) await openConnections(fetcher, run);
    let next = 0;
    let ok = 0;
    let errors = 0;
    let firstError: string | undefined;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < run.requests; i = next++) {
        const id = `${run.prefix}${i + 1}`;
        let problem: string | undefined;
        try {
          const response = await fetcher.fetch({ url: run.url + delayPath(run.delayMs, id) });
          problem = checkPage(id, response.status, response.text);
        } catch (error) {
          problem = errorMessage(error);
        }
        if (problem === undefined) ok++;
        else {
          errors++;
          firstError ??= `${id}: ${problem}`;
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: Math.min(run.concurrency, run.requests) }, worker));
    const wallMs = performance.now() - started;
    return {
      mode: run.mode,
      requests: run.requests,
      concurrency: run.concurrency,
      delayMs: run.delayMs,
      wallMs,
      ok,
      errors,
      ...(firstError !== undefined ? { firstError } : {}),
    };
  } finally {
    await fetcher.close();
  }
}
