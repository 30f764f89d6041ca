// The bounded reorder buffer between concurrent segment fetches and the one in-order writer.
// Segments finish in any order; the writer may only take the run that starts at `next`.
//
//   index:   next                                   next + k
//            │                                       │
//   held:  [ ? ][ 5 ][ 6 ][ ? ][ 8 ] ...   (? = still in flight or not started)
//            └─ takeReady() returns nothing until index `next` arrives, then 5, 6 too
//
// What it holds is bounded by `windowAllows`: the fetch scheduler asks before starting any
// segment other than the one the writer waits for, so memory stays flat however long the
// stream, and a stalled head segment stops the others from running ever further ahead.

export class ReorderBuffer<T> {
  readonly #items = new Map<number, { readonly value: T; readonly bytes: number }>();
  #next: number;
  #held = 0;

  constructor(next = 0) {
    this.#next = next;
  }

  /** The index the writer needs next. */
  get next(): number {
    return this.#next;
  }

  /** Bytes held for indexes not yet taken. */
  get heldBytes(): number {
    return this.#held;
  }

  /** Items held. */
  get size(): number {
    return this.#items.size;
  }

  has(index: number): boolean {
    return this.#items.has(index);
  }

  /** Stores the finished item `index`; `bytes` is what it costs to hold. */
  put(index: number, value: T, bytes: number): void {
    if (!Number.isInteger(index) || index < this.#next) throw new RangeError(`index ${index} is already written (next is ${this.#next})`);
    if (this.#items.has(index)) throw new RangeError(`index ${index} is already held`);
    this.#items.set(index, { value, bytes });
    this.#held += bytes;
  }

  /** Removes and returns the contiguous run from `next` (at most `max` items), advancing `next`. */
  takeReady(max = Number.POSITIVE_INFINITY): T[] {
    const out: T[] = [];
    while (out.length < max) {
      const item = this.#items.get(this.#next);
      if (item === undefined) break;
      this.#items.delete(this.#next);
      this.#held -= item.bytes;
      this.#next++;
      out.push(item.value);
    }
    return out;
  }
}

export interface WindowState {
  /** The index the writer waits for. */
  readonly next: number;
  /** Bytes held in the reorder buffer. */
  readonly heldBytes: number;
  /** Expected bytes of the segments in flight. */
  readonly inFlightBytes: number;
  /** Expected bytes of the candidate segment. */
  readonly candidateBytes: number;
  readonly maxBytes: number;
  /** Furthest a started segment may be ahead of `next`. */
  readonly maxAhead: number;
}

/**
 * Whether segment `index` may start now. The one the writer waits for always may (otherwise a
 * full window could never drain); any other only while the bytes held plus the bytes coming
 * would stay within `maxBytes` and it is less than `maxAhead` past the writer.
 */
export function windowAllows(index: number, window: WindowState): boolean {
  if (index === window.next) return true;
  if (index - window.next >= window.maxAhead) return false;
  return window.heldBytes + window.inFlightBytes + window.candidateBytes <= window.maxBytes;
}
