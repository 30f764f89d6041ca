// The segments of one track, by position (the index the reorder buffer and the writer use).
// A VOD list is complete from the start; a live list grows as reloads bring new segments.
// Entries are replaced, matched by media sequence number, when a refreshed manifest gives
// fresh URIs (expired tokens) for the same segments.
import type { StreamSegment } from './types.js';

export class SegmentList {
  readonly #items: StreamSegment[] = [];
  readonly #bySequence = new Map<number, number>();
  /** Positions before `base` were handled by an earlier run (live resume): not held here. */
  readonly #base: number;
  #final = false;

  constructor(base = 0) {
    this.#base = base;
  }

  /** Positions so far, including those handled before `base`. */
  get length(): number {
    return this.#base + this.#items.length;
  }

  get base(): number {
    return this.#base;
  }

  /** No segment will be added any more (VOD, ENDLIST reached, or recording stopped). */
  get final(): boolean {
    return this.#final;
  }

  finish(): void {
    this.#final = true;
  }

  at(index: number): StreamSegment {
    const segment = this.#items[index - this.#base];
    if (segment === undefined) throw new RangeError(`no segment at position ${index}`);
    return segment;
  }

  /** The last segment listed, if any. */
  last(): StreamSegment | undefined {
    return this.#items.at(-1);
  }

  append(segments: readonly StreamSegment[]): void {
    if (this.#final) throw new Error('the segment list is final');
    for (const segment of segments) {
      this.#bySequence.set(segment.mediaSequence, this.#base + this.#items.length);
      this.#items.push(segment);
    }
  }

  /** Takes fresh URIs from `segments` (a refreshed manifest) for those still listed; returns how many matched. */
  refreshFrom(segments: readonly StreamSegment[]): number {
    let matched = 0;
    for (const segment of segments) {
      const index = this.#bySequence.get(segment.mediaSequence);
      if (index === undefined) continue;
      this.#items[index - this.#base] = segment;
      matched++;
    }
    return matched;
  }

  /** Whether `segments` still list the segment at `index` (by media sequence number). */
  listedIn(segments: readonly StreamSegment[], index: number): boolean {
    const sequence = this.at(index).mediaSequence;
    return segments.some((segment) => segment.mediaSequence === sequence);
  }
}
