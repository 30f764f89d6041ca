// The job's owner moves items that workers committed to the frontier into the output. One
// round: read queued items after the cursor, append them to the sink, then ONE commit removes
// them from the queue (ackItems) together with the sink checkpoint just after them. A crash
// between the append and the commit leaves them queued; the next run cuts the output back to
// the committed checkpoint and appends them again: each item lands in the output once.
//
// If the frontier ever goes back in time (a Redis host that failed and restarted from an AOF
// missing its last second), its checkpoint is older than the one this collector last committed:
// the output is cut back to it and the queue read again from the start, so the output matches
// the frontier again and nothing is written twice.
import { FrontierUnavailableError } from '../errors/frontier-unavailable-error.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { Item, Sink } from '../types/sink.js';

export interface ItemCollectorOptions {
  readonly frontier: FrontierBackend;
  readonly sink: Sink;
  readonly checkpointKey: string;
  /** The checkpoint the sink was opened at (the frontier's, when the run started). */
  readonly openedAt: string | undefined;
  /** Items per round. @default 1000 */
  readonly batch?: number;
  /** Pause between rounds that found nothing. @default 50 */
  readonly idleMs?: number;
  /** Called with how many items a round wrote. */
  readonly onWritten?: (count: number) => void;
  /** Called when a round failed because the frontier was unreachable (it is tried again). */
  readonly onTransientError?: (error: unknown) => void;
  /** Called when the frontier was found behind the output (and the output was cut back to it). */
  readonly onRollback?: (checkpoint: string | undefined) => void;
}

/** A frontier that is unreachable for now (a Redis restarting), worth waiting out. */
export function isTransient(error: unknown): boolean {
  return error instanceof FrontierUnavailableError;
}

export class ItemCollector {
  readonly #options: ItemCollectorOptions;
  #cursor: string | undefined;
  /** The last checkpoint this collector committed (or the sink was opened at). */
  #committed: string | undefined;
  /** Items appended to the sink whose ack did not commit yet: committed again before anything else. */
  #unacked: { cursor: string; checkpoint: string | undefined; count: number } | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #error: unknown;

  constructor(options: ItemCollectorOptions) {
    this.#options = options;
    this.#committed = options.openedAt;
  }

  /** The first error a round hit; the crawl must stop (the output is not advancing). */
  get error(): unknown {
    return this.#error;
  }

  /** Collects in the background until stop(). */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Asks for a round now (e.g. a commit of ours just queued items). */
  poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Stops the background rounds, then collects until the queue is empty. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.poke();
    await this.#running;
    while (this.#error === undefined && (await this.collectOnce()) > 0) {
      // drain what is left
    }
    if (this.#error !== undefined) throw this.#error;
  }

  /** One round; resolves with how many items it moved. */
  async collectOnce(): Promise<number> {
    const { frontier, sink } = this.#options;
    // A round whose commit failed (the frontier was unreachable) is committed first: its items
    // are in the output already, and reading them again would write them twice.
    if (this.#unacked) return this.#ack(this.#unacked);
    await this.#checkNotRolledBack();
    const read = await frontier.readItems(this.#cursor, this.#options.batch ?? 1000);
    if (read.items.length === 0 || read.cursor === undefined) return 0;
    const items: Item[] = read.items.map((text) => JSON.parse(text) as Item);
    this.#unacked = { cursor: read.cursor, checkpoint: sink.write(items), count: items.length };
    return this.#ack(this.#unacked);
  }

  async #ack(round: { cursor: string; checkpoint: string | undefined; count: number }): Promise<number> {
    const { frontier, checkpointKey } = this.#options;
    // Acking a cursor twice is harmless, so a commit whose answer was lost can simply be repeated.
    // (A sink without checkpoints returns none: its items are delivered at least once.)
    await frontier.commit({ ackItems: round.cursor, ...(round.checkpoint !== undefined ? { checkpoint: { key: checkpointKey, value: round.checkpoint } } : {}) });
    this.#unacked = undefined;
    this.#cursor = round.cursor;
    if (round.checkpoint !== undefined) this.#committed = round.checkpoint;
    this.#options.onWritten?.(round.count);
    return round.count;
  }

  /** The frontier's checkpoint is ours; if not, it went back in time: follow it. */
  async #checkNotRolledBack(): Promise<void> {
    const { frontier, sink, checkpointKey } = this.#options;
    const stored = await frontier.getCheckpoint(checkpointKey);
    if (stored === this.#committed) return;
    await sink.close();
    await sink.open(stored);
    this.#cursor = undefined;
    this.#committed = stored;
    this.#options.onRollback?.(stored);
  }

  async #loop(): Promise<void> {
    const idleMs = this.#options.idleMs ?? 50;
    while (!this.#stopping) {
      let moved = 0;
      try {
        moved = await this.collectOnce();
      } catch (error) {
        // A frontier that is away for a moment is waited for; anything else stops the crawl.
        if (!isTransient(error)) {
          this.#error = error;
          return;
        }
        this.#options.onTransientError?.(error);
      }
      if (moved === 0 && !this.#stopping) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, idleMs);
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.#wake = done;
        });
      }
    }
  }
}
