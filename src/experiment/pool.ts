// pool mode: P real worker threads, each with one request in flight (see pool-worker-source.ts).
// With warm-up, the clock starts once every thread is running and connected, as a thread pool
// created before the work arrives would be; without it, thread start-up is timed too.
import { Worker } from 'node:worker_threads';
import { POOL_WORKER_SOURCE } from './pool-worker-source.js';
import type { Measurement } from './types.js';

export interface PoolRun {
  readonly url: string;
  readonly delayMs: number;
  readonly requests: number;
  readonly threads: number;
  readonly prefix: string;
  readonly warmUp: boolean;
}

interface Done {
  readonly type: 'done';
  readonly ok: number;
  readonly errors: number;
  readonly firstError?: string;
}

type WorkerMessage = { readonly type: 'ready' } | Done;

interface Thread {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly done: Promise<Done>;
}

function startThread(run: PoolRun, counter: SharedArrayBuffer, index: number): Thread {
  const worker = new Worker(POOL_WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: {
      url: run.url,
      delayMs: run.delayMs,
      requests: run.requests,
      counter,
      prefix: run.prefix,
      worker: index,
      warmUp: run.warmUp,
      timeoutMs: run.delayMs + 30_000,
    },
  });
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const done = new Promise<Done>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') onReady();
      else resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`pool thread ${index} stopped (exit code ${code}) before finishing`)));
  });
  // If the thread dies before it is ready, `ready` must not wait forever.
  return { worker, ready: Promise.race([ready, done.then(() => undefined)]), done };
}

export async function runPool(run: PoolRun): Promise<Measurement> {
  const counter = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  const started = run.warmUp ? 0 : performance.now();
  const threads = Array.from({ length: run.threads }, (_, i) => startThread(run, counter, i));
  try {
    let t0 = started;
    if (run.warmUp) {
      await Promise.all(threads.map((t) => t.ready));
      t0 = performance.now();
      for (const t of threads) t.worker.postMessage('go');
    }
    const results = await Promise.all(threads.map((t) => t.done));
    const wallMs = performance.now() - t0;
    const firstError = results.find((r) => r.firstError !== undefined)?.firstError;
    return {
      mode: 'pool',
      requests: run.requests,
      concurrency: run.threads,
      delayMs: run.delayMs,
      wallMs,
      ok: results.reduce((sum, r) => sum + r.ok, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      ...(firstError !== undefined ? { firstError } : {}),
    };
  } finally {
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }
}
