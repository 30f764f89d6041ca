// Items kept in memory: where a library crawl's items go when it is given no sink. The crawl's
// result is then `crawler.dataset`, and `crawler.items()` yields each item as it is written,
// while the crawl runs. A checkpoint is the item count, so a crawl resumed on the same frontier
// within this process cuts back to what was committed, like a file sink does.
import type { Item, Sink } from '../types/sink.js';

export class MemoryDataset implements Sink {
  readonly #items: Item[] = [];
  #closed = false;
  #waiting: (() => void)[] = [];

  /** Every item written so far, in order. */
  get items(): readonly Item[] {
    return this.#items;
  }

  async open(checkpoint: string | undefined): Promise<void> {
    const keep = checkpoint === undefined ? 0 : Number(checkpoint);
    this.#items.length = Number.isInteger(keep) && keep >= 0 ? Math.min(keep, this.#items.length) : 0;
    this.#closed = false;
  }

  write(items: readonly Item[]): string {
    for (const item of items) this.#items.push(item);
    this.#wake();
    return String(this.#items.length);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake();
  }

  /**
   * Yields every item from the first, then each new one as it is written, until the crawl ends
   * (the dataset is closed). Several iterators may run at once.
   */
  async *iterate(): AsyncGenerator<Item> {
    let next = 0;
    for (;;) {
      while (next < this.#items.length) yield this.#items[next++]!;
      if (this.#closed) return;
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const resolve of waiting) resolve();
  }
}
