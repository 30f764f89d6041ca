// serial and async modes: trawl's Fetcher with one request in flight (serial: a plain loop of
// awaits on one connection) or C in flight (async: C loops sharing one event loop). Before the
// clock starts (warm-up on): a one-time warm-up of the request path, then for each run its
// connections opened and the run rehearsed once at no delay. The timed part is the same loop.
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
/** Each run's rehearsal makes min(N, this x C) requests, so that both processes have grown
 * their heaps and buffers to what this concurrency needs before the clock starts. */
const REHEARSAL_WAVES = 5;
/** The one-time warm-up (warmUpFetcher) makes this many requests per request in flight, ... */
const JIT_WARM_PER_SLOT = 50;
/** ... with at most this many in flight: 5,000 requests at C = 100, about half a second. */
const JIT_WARM_CONCURRENCY = 100;

function newFetcher(concurrency: number, delayMs: number): Fetcher {
  return new Fetcher({
    concurrency,
    perHost: concurrency,
    // A retry would turn a failure into a slow success; the bench reports failures instead.
    retries: 0,
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

type GcFunction = (options?: { type?: 'minor' | 'major' }) => void;

/**
 * Two scavenges before the clock starts, when the process exposes gc() (`trawl bench` starts its
 * runs in one that does: tuned-process.ts; elsewhere this does nothing). The first empties the
 * young generation of the rehearsal's garbage, the second promotes what set-up left alive (at
 * C = 1000, a thousand connections' objects) to the old generation; the timed run's scavenge
 * then copies only its own requests in flight: 2-4 ms instead of 10-15 ms at C = 1000.
 */
function settleYoungGeneration(): void {
  const gc = (globalThis as { gc?: GcFunction }).gc;
  if (typeof gc !== 'function') return;
  gc({ type: 'minor' });
  gc({ type: 'minor' });
}

interface Tally {
  ok: number;
  errors: number;
  firstError: string | undefined;
}

/**
 * Makes `requests` requests to /delay/<delayMs>/<prefix><n>, at most `concurrency` in flight (C
 * loops sharing this event loop), and checks every answer.
 */
async function drive(fetcher: Fetcher, url: string, prefix: string, requests: number, concurrency: number, delayMs: number): Promise<Tally> {
  const tally: Tally = { ok: 0, errors: 0, firstError: undefined };
  let next = 0;
  const loop = async (): Promise<void> => {
    for (let i = next++; i < requests; i = next++) {
      const id = `${prefix}${i + 1}`;
      let problem: string | undefined;
      try {
        const response = await fetcher.fetch({ url: url + delayPath(delayMs, id) });
        problem = checkPage(id, response.status, response.text);
      } catch (error) {
        problem = errorMessage(error);
      }
      if (problem === undefined) tally.ok++;
      else {
        tally.errors++;
        tally.firstError ??= `${id}: ${problem}`;
      }
    }
  };
  const loops: Promise<void>[] = [];
  for (let i = Math.min(concurrency, requests); i > 0; i--) loops.push(loop());
  await Promise.all(loops);
  return tally;
}

/**
 * Makes min(C, 100) x 50 requests with no delay, untimed, before the first Fetcher run: until
 * then V8 runs the request path of both processes (client and server) in its interpreter and
 * baseline tiers, and compiles it with its optimising compiler on a background thread, which
 * takes the other core from the server. Without this, the first runs at C = 10 and 100 use two
 * to three times the CPU of later ones. `concurrency` is the largest C the bench will run.
 * Failures are ignored: the timed runs report them.
 */
export async function warmUpFetcher(url: string, concurrency: number): Promise<void> {
  const inFlight = Math.max(1, Math.min(concurrency, JIT_WARM_CONCURRENCY));
  const fetcher = newFetcher(inFlight, 0);
  try {
    await drive(fetcher, url, 'warm-jit-', inFlight * JIT_WARM_PER_SLOT, inFlight, 0);
  } finally {
    await fetcher.close();
  }
}

export async function runFetcherMode(run: FetcherRun): Promise<Measurement> {
  const fetcher = newFetcher(run.concurrency, run.delayMs);
  try {
    if (run.warmUp) {
      await openConnections(fetcher, run);
      // A rehearsal: the same kind of requests on the same connections, with no delay, untimed.
      // Failures are left for the timed run to report.
      const rehearsal = Math.min(run.requests, REHEARSAL_WAVES * run.concurrency);
      await drive(fetcher, run.url, `${run.prefix}warm-`, rehearsal, run.concurrency, 0);
      settleYoungGeneration();
    }
    const started = performance.now();
    const tally = await drive(fetcher, run.url, run.prefix, run.requests, run.concurrency, run.delayMs);
    const wallMs = performance.now() - started;
    return {
      mode: run.mode,
      requests: run.requests,
      concurrency: run.concurrency,
      delayMs: run.delayMs,
      wallMs,
      ok: tally.ok,
      errors: tally.errors,
      ...(tally.firstError !== undefined ? { firstError: tally.firstError } : {}),
    };
  } finally {
    await fetcher.close();
  }
}
