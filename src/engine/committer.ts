// Makes finished requests durable in batches. Items are appended to the sink as soon as their
// request finishes, in the same order outcomes join the batch; a flush is then ONE frontier
// commit holding the batch's outcomes, the requests they discovered and the sink checkpoint
// taken right after the batch's last items. Whatever the sink holds past the committed
// checkpoint (items of requests not yet committed, when a crash comes) is cut off on resume
// while those requests are fetched again: each item lands exactly once. Writing at once also
// lets items die young instead of waiting for the batch in memory.
//
// A worker that does not write the output (one of several sharing a job) sends its items to
// the frontier instead, in the same commit as the leases that made them: the frontier keeps
// them only if those leases are still live, and the job's owner moves them to the output
// (item-collector.ts).
import type { CommitBatch, FrontierBackend, LeaseItems } from '../types/frontier.js';
import type { CrawlRequest, LeasedRequest } from '../types/request.js';
import type { Item, Sink } from '../types/sink.js';

export type Outcome =
  | {
      readonly kind: 'done';
      readonly request: LeasedRequest;
      readonly items: readonly Item[];
      readonly added: readonly CrawlRequest[];
      /** Settled without fetching (robots.txt disallows it): not counted as a page. */
      readonly skipped?: boolean;
    }
  | { readonly kind: 'failed'; readonly request: LeasedRequest; readonly code: string; readonly reason: string }
  | { readonly kind: 'retry'; readonly request: LeasedRequest; readonly notBefore: number; readonly reason: string };

const NO_ITEMS: readonly Item[] = [];

/** Where the items of done requests go. */
export type ItemTarget =
  | { readonly kind: 'sink'; readonly sink: Sink; readonly checkpointKey: string }
  | { readonly kind: 'frontier' }
  | { readonly kind: 'none' };

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
  /** Items of #waiting bound for the frontier, serialised. */
  #leaseItems: LeaseItems[] = [];
  /** Sink checkpoint just after the items of the last outcome in #waiting. */
  #checkpoint: string | undefined;
  #items = 0;
  #timer: NodeJS.Timeout | undefined;
  #chain: Promise<void> = Promise.resolve();
  #error: unknown;

  constructor(
    private readonly frontier: FrontierBackend,
    private readonly target: ItemTarget,
    private readonly onFlushed: (flushed: Flushed) => void,
    options: CommitterOptions = {},
  ) {
    this.#maxBatch = options.maxBatch ?? 256;
    this.#maxDelayMs = options.maxDelayMs ?? 10;
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
    const target = this.target;
    if (outcome.kind === 'done' && outcome.items.length > 0 && target.kind !== 'none' && this.#error === undefined) {
      try {
        if (target.kind === 'sink') {
          // A sink without checkpoints (at-least-once) returns undefined: nothing to commit.
          this.#checkpoint = target.sink.write(outcome.items) ?? this.#checkpoint;
        } else {
          this.#leaseItems.push({ lease: outcome.request.id, items: outcome.items.map((item) => JSON.stringify(item)) });
        }
        this.#items += outcome.items.length;
      } catch (error) {
        this.#error = error;
      }
      // The items are in the sink (or serialised) now; don't keep them alive until the commit.
      this.#waiting.push({ ...outcome, items: NO_ITEMS });
    } else {
      this.#waiting.push(outcome);
    }
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
    const checkpoint = this.#checkpoint;
    const leaseItems = this.#leaseItems;
    const items = this.#items;
    this.#waiting = [];
    this.#leaseItems = [];
    this.#checkpoint = undefined;
    this.#items = 0;
    if (batch.length > 0) {
      this.#chain = this.#chain.then(() => this.#commit(batch, checkpoint, leaseItems, items));
    }
    return this.#chain;
  }

  async #commit(outcomes: readonly Outcome[], checkpoint: string | undefined, leaseItems: readonly LeaseItems[], items: number): Promise<void> {
    if (this.#error !== undefined) return;
    try {
      const done: string[] = [];
      const failed: { id: string; code: string; reason: string }[] = [];
      const retry: { id: string; notBefore: number; reason: string }[] = [];
      const added: CrawlRequest[] = [];
      for (const outcome of outcomes) {
        switch (outcome.kind) {
          case 'done':
            done.push(outcome.request.id);
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
      const batch: CommitBatch = {
        done,
        failed,
        retry,
        added,
        ...(leaseItems.length > 0 ? { items: leaseItems } : {}),
        ...(checkpoint !== undefined && this.target.kind === 'sink' ? { checkpoint: { key: this.target.checkpointKey, value: checkpoint } } : {}),
      };
      const result = await this.frontier.commit(batch);
      this.onFlushed({ outcomes, items, added: result.added });
    } catch (error) {
      this.#error = error;
    }
  }
}
