// The progress of a whole job, as its owner shows it: its own counters plus every other
// worker's, read from their heartbeats in the frontier (so workers on other machines count too).
import type { CrawlStats } from '../types/events.js';
import type { FrontierBackend } from '../types/frontier.js';

export interface WorkerRate {
  readonly id: string;
  readonly host: string;
  readonly done: number;
  /** Pages a second over the last reading. */
  readonly rate: number;
}

const EMPTY = { requests: 0, done: 0, failed: 0, retried: 0, inFlight: 0, files: 0, bytes: 0, queuedItems: 0 };

export class JobProgress {
  readonly #frontier: FrontierBackend;
  readonly #self: string;
  #others: (CrawlStats & { id: string; host: string })[] = [];
  readonly #previous = new Map<string, { done: number; at: number; rate: number }>();
  #timer: NodeJS.Timeout | undefined;

  readonly #runId: string;

  /** Counts the workers of run `runId` of the job (workers of earlier runs are left out). */
  constructor(frontier: FrontierBackend, self: string, runId: string) {
    this.#frontier = frontier;
    this.#self = self;
    this.#runId = runId;
  }

  start(everyMs = 500): void {
    const read = (): void => {
      void this.refresh();
    };
    read();
    this.#timer = setInterval(read, everyMs);
    this.#timer.unref();
  }

  /** Reads every worker's latest counters now (the summary reads them once all have finished). */
  async refresh(): Promise<void> {
    await this.#frontier
        .workers()
        .then((workers) => {
          const now = Date.now();
          this.#others = workers
            .filter((worker) => worker.id !== this.#self)
            .map((worker) => ({ ...EMPTY, ...(safeParse(worker.stats) as Partial<CrawlStats> & { runId?: string }), id: worker.id, host: worker.host }))
            .filter((worker) => worker.runId === this.#runId) as (CrawlStats & { id: string; host: string })[];
          for (const worker of this.#others) this.#track(worker.id, worker.done, now);
        })
        .catch(() => undefined);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** `own` with every other worker's pages, failures, retries, bytes and files added. */
  combine(own: CrawlStats): CrawlStats {
    let { requests, done, failed, retried, inFlight, files, bytes } = own;
    const statuses: Record<string, number> = { ...own.statuses };
    const errors: Record<string, number> = { ...own.errors };
    for (const other of this.#others) {
      requests += other.requests;
      done += other.done;
      failed += other.failed;
      retried += other.retried;
      inFlight += other.inFlight;
      files += other.files;
      bytes += other.bytes;
      for (const [key, n] of Object.entries(other.statuses ?? {})) statuses[key] = (statuses[key] ?? 0) + n;
      for (const [key, n] of Object.entries(other.errors ?? {})) errors[key] = (errors[key] ?? 0) + n;
    }
    return { ...own, requests, done, failed, retried, inFlight, files, bytes, statuses, errors };
  }

  /** Each worker's rate, the owner first. */
  rates(own: CrawlStats): WorkerRate[] {
    this.#track(this.#self, own.done, Date.now());
    const rate = (id: string): number => this.#previous.get(id)?.rate ?? 0;
    return [
      { id: this.#self, host: 'owner', done: own.done, rate: rate(this.#self) },
      ...this.#others.map((other) => ({ id: other.id, host: other.host, done: other.done, rate: rate(other.id) })),
    ];
  }

  #track(id: string, done: number, now: number): void {
    const before = this.#previous.get(id);
    if (!before) {
      this.#previous.set(id, { done, at: now, rate: 0 });
      return;
    }
    if (now - before.at < 400) return;
    const instant = ((done - before.done) * 1000) / (now - before.at);
    this.#previous.set(id, { done, at: now, rate: before.rate === 0 ? instant : before.rate * 0.6 + instant * 0.4 });
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
