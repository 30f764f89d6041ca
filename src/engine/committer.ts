// Makes finished requests durable in batches. One flush = append the batch's items to the sink,
// then ONE frontier commit holding the requests' outcomes, the requests they discovered and the
// sink's new checkpoint. A crash between the two leaves items past the committed checkpoint,
// which the sink cuts off on resume while the requests are fetched again: each item lands once.
import type { CommitBatch, FrontierBackend } from '../types/frontier.js';
import type { CrawlRequest, LeasedRequest } from '../types/request.js';
import type { Item, Sink } from '../types/sink.js';

export type Outcome =
  | { readonly kind: 'done'; readonly request: LeasedRequest; readonly items: readonly Item[]; readonly added: readonly CrawlRequest[] }
  | { readonly kind: 'failed'; readonly request: LeasedRequest; readonly code: string; readonly reason: string }
  | { readonly kind: 'retry'; readonly request: LeasedRequest; readonly notBefore: number; readonly reason: string };

export interface CommitterOptions {
  /** Flush once this many outcomes wait. @default 256 */
  readonly maxBatch?: number;
  /** Flush at the latest this long after the first outcome of a batch. @default 50 */
  readonly maxDelayMs?: number;
}

export interface Flushed {
  readonly outcomes: readonly Outcome[];
  readonly items: number;
  /** New requests the frontier accepted (after deduplication). */
  readonly added: number;
}

export class Committer {
  readonly #maxBatch: number;
  readonly #maxDelayMs: number;
  #waiting: Outcome[] = [];
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(
    private readonly frontier: FrontierBackend,
    private readonly sink: Sink | undefined,
    private readonly checkpointKey: string,
    private readonly onFlushed: (flushed: Flushed) => void,
    options: CommitterOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 256;
    this.#maxDelayMs = options.maxDelayMs ?? 50;
  }

  /** The first error a flush hit; once set, the crawl must stop (nothing after it is committed). */
  get error(): unknown {
    return this.#error;
  }

  /** Outcomes handed over but not yet committed. */
  get backlog(): number {
    return this.#waiting.length;
  }

  add(outcome: Outcome): void {
    this.#waiting.push(outcome);
    if (this.#waiting.length >= this.#maxBatch) {
      void this.flush();
    } else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => void this.flush(), this.#maxDelayMs);
    }
  }

  /** Commits everything handed over so far; resolves when it is durable. */
  flush(): Promise<void> {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const batch = this.#waiting;
    this.#waiting = [];
    if (batch.length > 0) {
      this.#chain = this.#chain.then(() => this.#commit(batch));
    }
    return this.#chain;
  }

  async #commit(outcomes: readonly Outcome[]): Promise<void> {
    if (this.#error !== undefined) return;
    try {
      const done: string[] = [];
      const failed: { id: string; code: string; reason: string }[] = [];
      const retry: { id: string; notBefore: number; reason: string }[] = [];
      const added: CrawlRequest[] = [];
      const items: Item[] = [];
      for (const outcome of outcomes) {
        switch (outcome.kind) {
          case 'done':
            done.push(outcome.request.id);
            for (const item of outcome.items) items.push(item);
            for (const request of outcome.added) added.push(request);
            break;
          case 'failed':
            failed.push({ id: outcome.request.id, code: outcome.code, reason: outcome.reason });
            break;
          case 'retry':
            retry.push({ id: outcome.request.id, notBefore: outcome.notBefore, reason: outcome.reason });
            break;
        }
      }
      const batch: CommitBatch = { done, failed, retry, added };
      if (this.sink && items.length > 0) {
        const checkpoint = this.sink.write(items);
        Object.assign(batch, { checkpoint: { key: this.checkpointKey, value: checkpoint } });
      }
      const result = await this.frontier.commit(batch);
      this.onFlushed({ outcomes, items: items.length, added: result?.added ?? 0 });
    } catch (error) {
      this.#error = error;
    }
  }
}
