// Parse workers for declarative crawls. The main thread fetches and keeps the frontier; pages go
// to worker threads that decode, parse and apply the rules, and only the item and the links come
// back. That puts the second core to work and keeps page trees (the bulk of a crawl's garbage)
// out of the main heap. Workers start only once parsing is a real load on the main thread (a
// small or slow crawl never pays their start-up), and only from the built bundle
// (dist/parse-worker.cjs); until then, pages are parsed on the main thread with the same code.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Worker } from 'node:worker_threads';
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

interface Pending {
  readonly response: FetchResult;
  resolve(output: PageOutput): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  online: boolean;
  readonly pending: Map<number, Pending>;
}

/** Loaded when the first worker starts: a small crawl never needs it. */
const workerThreads = lazyRequire<typeof import('node:worker_threads')>('node:worker_threads');

/** Workers start when inline parsing took this many ms within one second. */
const SPAWN_AFTER_MS_PER_SECOND = 100;

/** Young generation of a worker: small, since a page's tree dies as soon as the page is done. */
const WORKER_YOUNG_MB = 8;

export class ParsePool {
  readonly #rules: PageRules;
  readonly #workers: Slot[] = [];
  readonly #source: CrawlRules;
  readonly #size: number;
  #nextId = 0;
  #closed = false;
  #spawned = false;
  /** Inline parse time in the current one-second window. */
  #windowStart = 0;
  #windowMs = 0;

  /**
   * `rules` compiled from `source` (the source goes to worker threads); `size`: worker threads
   * to use once parsing loads this thread (0: parse here always).
   */
  constructor(rules: PageRules, source: CrawlRules, size = 0) {
    this.#rules = rules;
    this.#source = source;
    this.#size = size;
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
    const slot = this.#pick();
    if (!slot) return Promise.resolve(this.#timedInline(response));
    // The page's bytes move to the worker (transferred, not copied): the main thread is done
    // with them, and a copy per page costs memory the crawl would rather not hold.
    const body = ownsBuffer(response.body) ? response.body : new Uint8Array(response.body);
    const task: ParseTask = {
      id: this.#nextId++,
      body,
      contentType: response.headers['content-type'],
      url: response.url,
    };
    return new Promise((resolve, reject) => {
      slot.pending.set(task.id, { response, resolve, reject });
      slot.worker.postMessage(task, [body.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }

  /** Parses here, and starts the workers once parsing takes over a tenth of this thread. */
  #timedInline(response: FetchResult): PageOutput {
    // hrtime, not performance.now(): the first use of `performance` loads perf_hooks (~2 ms).
    const started = Number(process.hrtime.bigint()) / 1e6;
    const output = this.#inline(response);
    const now = Number(process.hrtime.bigint()) / 1e6;
    if (now - this.#windowStart > 1000) {
      this.#windowStart = now;
      this.#windowMs = 0;
    }
    this.#windowMs += now - started;
    if (!this.#spawned && this.#windowMs > SPAWN_AFTER_MS_PER_SECOND) this.#spawnAll();
    return output;
  }

  #spawnAll(): void {
    this.#spawned = true;
    const script = workerScript();
    if (!script || this.#closed) return;
    for (let i = 0; i < this.#size; i++) this.#spawn(script, this.#source);
  }

  #inline(response: FetchResult): PageOutput {
    return applyPageRules(this.#rules, response.text, response.url);
  }

  /** The online worker with the fewest pages in hand, if any. */
  #pick(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.#workers) {
      if (slot.online && (!best || slot.pending.size < best.pending.size)) best = slot;
    }
    return best;
  }

  #spawn(script: string, source: CrawlRules): void {
    const worker = new (workerThreads().Worker)(script, {
      workerData: source,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    worker.unref();
    const slot: Slot = { worker, online: false, pending: new Map<number, Pending>() };
    this.#workers.push(slot);
    worker.on('online', () => {
      slot.online = true;
    });
    worker.on('message', (reply: ParseReply) => {
      const pending = slot.pending.get(reply.id);
      if (!pending) return;
      slot.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.output);
    });
    const fail = (): void => {
      // A dead worker's pages are parsed here instead; nothing is lost.
      slot.online = false;
      this.#workers.splice(this.#workers.indexOf(slot), 1);
      for (const pending of slot.pending.values()) {
        try {
          // The bytes went to the dead worker; a detached body cannot be parsed here.
          if (pending.response.body.byteLength === 0) throw new Error('the parse worker stopped while parsing this page');
          pending.resolve(this.#inline(pending.response));
        } catch (error) {
          pending.reject(error as Error);
        }
      }
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => {
      if (!this.#closed) fail();
    });
  }
}

/** True when `bytes` is the whole of its ArrayBuffer (not a slice of Node's shared pool). */
function ownsBuffer(bytes: Uint8Array): boolean {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !(bytes.buffer instanceof SharedArrayBuffer);
}


/** dist/parse-worker.cjs beside the running bundle, or undefined when running from source. */
function workerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.cjs') && !here.endsWith('.js')) return undefined;
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    const candidate = join(dir, 'parse-worker.cjs');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
