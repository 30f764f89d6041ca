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
/** The rehearsal makes min(N, this x C) requests: enough for V8 to have compiled the request
 * path of both processes with its optimising compiler, and for their heaps to have grown to
 * the size the run needs. Without it, the first run at C = 1000 loses a fifth of its efficiency
 * to compiling and heap growth, which is not what the experiment is about. */
const REHEARSAL_WAVES = 5;

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

/** DEBUG-REMOVE */ export async function jitWarmUp(url: string, requests: number, concurrency: number): Promise<void> {
  const fetcher = newFetcher(concurrency, 0);
  try {
    await drive(fetcher, url, 'jitwarm-', requests, concurrency, 0);
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
    }
    const dbg = process.env.TRAWL_BENCH_DEBUG ? debugStart() : undefined; // DEBUG-REMOVE
    const prof = process.env.TRAWL_BENCH_PROF && run.concurrency === Number(process.env.TRAWL_BENCH_PROF_C ?? 1000) && run.prefix.startsWith('c') ? await profStart() : undefined; // DEBUG-REMOVE
    const started = performance.now();
    const tally = await drive(fetcher, run.url, run.prefix, run.requests, run.concurrency, run.delayMs);
    const wallMs = performance.now() - started;
    if (dbg) debugEnd(dbg, run.concurrency, wallMs); // DEBUG-REMOVE
    if (prof) await profEnd(prof); // DEBUG-REMOVE
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

// DEBUG-REMOVE start
import { readFileSync as __rf } from 'node:fs';
import { PerformanceObserver as __PO } from 'node:perf_hooks';
function __scpu(): number { const pid = process.env.TRAWL_BENCH_SERVER_PID; if (!pid) return 0; const f = __rf(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; }
function debugStart() { const gcs: number[] = []; const po = new __PO((l) => { for (const e of l.getEntries()) gcs.push(e.duration); }); po.observe({ entryTypes: ['gc'] }); return { po, gcs, cpu: process.cpuUsage(), s: __scpu() }; }
function debugEnd(d: ReturnType<typeof debugStart>, c: number, wall: number) { setTimeout(() => { d.po.disconnect(); const u = process.cpuUsage(d.cpu); process.stderr.write(`DEBUG ${JSON.stringify({ c, wall: Math.round(wall), client: Math.round((u.user + u.system) / 1000), server: __scpu() - d.s, gcN: d.gcs.length, gcMs: Math.round(d.gcs.reduce((a, b) => a + b, 0)) })}\n`); }, 0); }
import { Session as __S } from 'node:inspector/promises';
import { writeFileSync as __wf } from 'node:fs';
async function profStart() { const s = new __S(); s.connect(); await s.post('Profiler.enable'); await s.post('Profiler.setSamplingInterval', { interval: 200 }); await s.post('Profiler.start'); return s; }
async function profEnd(s: __S) { const { profile } = await s.post('Profiler.stop'); __wf(process.env.TRAWL_BENCH_PROF!, JSON.stringify(profile)); s.disconnect(); }
// DEBUG-REMOVE end
