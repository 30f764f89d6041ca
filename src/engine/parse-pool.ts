// Parse workers for declarative crawls. The main thread fetches and keeps the frontier; pages go
// to worker threads that decode, parse and apply the rules, and only the item and the links come
// back. That puts spare cores to work and keeps page trees (the bulk of a crawl's garbage) out of
// the main heap.
//
// No page may hold up fetching: a big page (over BIG_PAGE_BYTES) is always parsed on a thread
// (one is started for it even with no parse threads asked for), and a page whose parse takes
// longer than the time budget fails with a clear reason while its thread is replaced. Small
// pages are parsed here on the main thread until parsing becomes a real load (then the threads
// start): a small or slow crawl never pays their start-up.
//
//   extract(page) ──▶ queue ──▶ a thread with room (up to PIPELINE pages each, so it never waits
//        │                      for the main thread between pages; a copy of the bytes goes)
//        └── small page, no thread started yet ──▶ parsed here
//
// A thread parses its pages in order, so the first one it holds is the one being parsed; the
// time budget runs for it from the moment it became first. When a thread is replaced (a page
// over the budget, a crash), that first page fails and the others it held go back to the queue.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { ParseTimeoutError } from '../errors/parse-timeout-error.js';
import { lazyRequire } from '../util/lazy-require.js';
import type { FetchResult } from '../types/fetch.js';
import { applyPageRules, type CrawlRules, type PageOutput, type PageRules } from './page-rules.js';

export interface ParseTask {
  readonly id: number;
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly url: string;
}

export type ParseReply = { readonly id: number; readonly output: PageOutput } | { readonly id: number; readonly error: string };

interface Job {
  readonly task: ParseTask;
  readonly resolve: (output: PageOutput) => void;
  readonly reject: (error: Error) => void;
}

interface Thread {
  readonly worker: Worker;
  online: boolean;
  /** Pages sent to it, in order; the first is being parsed since `headSince`. */
  readonly held: Job[];
  headSince: number;
}

export interface ParsePoolOptions {
  /** Threads to use once parsing loads this thread (0: small pages are parsed here always). @default 0 */
  readonly threads?: number;
  /** Longest a page may take to parse; over it the page fails and its thread is replaced. @default 15000 */
  readonly timeoutMs?: number;
}

/** Loaded when the first worker starts: a small crawl never needs it. */
const workerThreads = lazyRequire<typeof import('node:worker_threads')>('node:worker_threads');

/** Workers start when inline parsing took this many ms within one second. */
const SPAWN_AFTER_MS_PER_SECOND = 100;
/** Pages larger than this are never parsed on the main thread (~10 ms of parsing and more). */
export const BIG_PAGE_BYTES = 256 * 1024;
/**
 * Pages a thread may hold at once. With one, a thread idles from each answer until the main thread
 * has read it and sent the next page; on the site benchmark it sat idle ~60% of the crawl.
 */
const PIPELINE = 4;
/** Young generation of a worker: small, since a page's tree dies as soon as the page is done. */
const WORKER_YOUNG_MB = 8;

export class ParsePool {
  readonly #rules: PageRules;
  readonly #source: CrawlRules;
  readonly #size: number;
  readonly #timeoutMs: number;
  readonly #threads: Thread[] = [];
  readonly #queue: Job[] = [];
  #nextId = 0;
  #closed = false;
  #spawned = false;
  #watchdog: NodeJS.Timeout | undefined;
  /** Inline parse time in the current one-second window. */
  #windowStart = 0;
  #windowMs = 0;

  /** `rules` compiled from `source` (the source goes to worker threads, which compile their own). */
  constructor(rules: PageRules, source: CrawlRules, options: ParsePoolOptions = {}) {
    this.#rules = rules;
    this.#source = source;
    this.#size = options.threads ?? 0;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    // Parse a small page once while the first requests are in flight, so that the first real
    // pages (which all arrive together) don't also pay for compiling the parser.
    setTimeout(() => this.#warmUp(), 1).unref();
  }

  #warmUp(): void {
    try {
      const page = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body><div class="a"><h1 class="b">x</h1><a href="/y">y</a><table><tr><td>1</td></tr></table></div></body></html>';
      applyPageRules(this.#rules, page, 'http://127.0.0.1/warm-up');
    } catch {
      // A warm-up cannot fail a crawl.
    }
  }

  /** Item (or null) and links of a fetched page. */
  extract(response: FetchResult): Promise<PageOutput> {
    const big = response.body.byteLength > BIG_PAGE_BYTES;
    if (big && this.#threads.length === 0) this.#start(Math.max(1, this.#spawned ? this.#size : 1));
    if (this.#threads.length === 0 || !workerScript()) return Promise.resolve(this.#timedInline(response));
    // The bytes are copied to the thread, not moved: a page its thread held when the thread was
    // replaced goes to another one. The copy lives only while the page is parsed.
    const task: ParseTask = { id: this.#nextId++, body: response.body, contentType: response.headers['content-type'], url: response.url };
    return new Promise((resolve, reject) => {
      this.#queue.push({ task, resolve, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#watchdog) clearInterval(this.#watchdog);
    for (const job of this.#queue.splice(0)) job.reject(new Error('the crawl ended before this page was parsed'));
    await Promise.all(this.#threads.map(({ worker }) => worker.terminate()));
  }

  /** Parses here, and starts the threads once parsing takes over a tenth of this thread. */
  #timedInline(response: FetchResult): PageOutput {
    // hrtime, not performance.now(): the first use of `performance` loads perf_hooks (~2 ms).
    const started = Number(process.hrtime.bigint()) / 1e6;
    const output = applyPageRules(this.#rules, response.text, response.url);
    const now = Number(process.hrtime.bigint()) / 1e6;
    if (now - this.#windowStart > 1000) {
      this.#windowStart = now;
      this.#windowMs = 0;
    }
    this.#windowMs += now - started;
    if (!this.#spawned && this.#size > 0 && this.#windowMs > SPAWN_AFTER_MS_PER_SECOND) {
      this.#spawned = true;
      this.#start(this.#size - this.#threads.length);
    }
    return output;
  }

  #start(count: number): void {
    const script = workerScript();
    if (!script || this.#closed) return;
    for (let i = 0; i < count; i++) this.#spawn(script);
    this.#watchdog ??= setInterval(() => this.#checkBudgets(), Math.min(1000, this.#timeoutMs / 4));
    this.#watchdog.unref();
  }

  /** Hands queued pages to the threads, the least loaded first, up to PIPELINE each. */
  #dispatch(): void {
    while (this.#queue.length > 0) {
      let best: Thread | undefined;
      for (const thread of this.#threads) {
        if (thread.online && thread.held.length < PIPELINE && (!best || thread.held.length < best.held.length)) best = thread;
      }
      if (!best) return;
      const job = this.#queue.shift()!;
      if (best.held.length === 0) best.headSince = Date.now();
      best.held.push(job);
      best.worker.postMessage(job.task);
    }
  }

  /** A thread over the time budget: its page fails, the thread is replaced. */
  #checkBudgets(): void {
    const now = Date.now();
    for (const thread of [...this.#threads]) {
      const job = thread.held[0];
      if (!job || now - thread.headSince <= this.#timeoutMs) continue;
      thread.held.shift();
      job.reject(new ParseTimeoutError(job.task.url, this.#timeoutMs, job.task.body.byteLength));
      this.#replace(thread);
    }
  }

  #replace(thread: Thread): void {
    this.#threads.splice(this.#threads.indexOf(thread), 1);
    // The pages it held but had not begun are parsed elsewhere, before the ones still queued.
    this.#queue.unshift(...thread.held.splice(0));
    void thread.worker.terminate();
    const script = workerScript();
    if (script && !this.#closed) this.#spawn(script);
  }

  #spawn(script: string): void {
    const worker = new (workerThreads().Worker)(script, {
      workerData: this.#source,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    worker.unref();
    const thread: Thread = { worker, online: false, held: [], headSince: 0 };
    this.#threads.push(thread);
    worker.on('online', () => {
      thread.online = true;
      this.#dispatch();
    });
    worker.on('message', (reply: ParseReply) => {
      const job = thread.held[0];
      if (!job || job.task.id !== reply.id) return;
      thread.held.shift();
      thread.headSince = Date.now();
      if ('error' in reply) job.reject(new Error(reply.error));
      else job.resolve(reply.output);
      this.#dispatch();
    });
    const fail = (): void => {
      if (!this.#threads.includes(thread)) return;
      // The page it was parsing fails (and is retried); the others it held go to another thread.
      thread.held.shift()?.reject(new Error('the parse worker stopped while parsing this page'));
      this.#replace(thread);
      this.#dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', () => {
      if (!this.#closed) fail();
    });
  }
}

let foundWorkerScript: { readonly path: string | undefined } | undefined;

/**
 * dist/parse-worker.cjs beside the running bundle, or undefined when running from source. Looked
 * up once: it is asked for every page, and a file check per page cost ~3% of a fast crawl's main
 * thread.
 */
function workerScript(): string | undefined {
  foundWorkerScript ??= { path: findWorkerScript() };
  return foundWorkerScript.path;
}

function findWorkerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.cjs') && !here.endsWith('.js')) return undefined;
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    const candidate = join(dir, 'parse-worker.cjs');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
