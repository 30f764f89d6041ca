// Reusable memory for segment plaintext on its way to the disk. Segment bytes are copied into
// fixed-size blocks taken from a free list and given back once written, so the buffers that
// node:crypto and the socket hand out die young, and the bytes that wait (in flight, or out of
// order in the reorder buffer) live in the same few megabytes for the whole download instead
// of piling up as garbage until the next full GC. (One memcpy per byte buys a flat RSS.)
//
//   decipher.update() ─copy─▶ [block][block][blo..]  ─▶ piece.parts (views) ─▶ writev ─▶ release()
//                               ▲                                                          │
//                               └──────────────────────── free list ◀──────────────────────┘

export const DEFAULT_BLOCK_BYTES = 64 * 1024;

export class BlockPool {
  readonly #free: Buffer[] = [];
  readonly #maxFree: number;
  #allocated = 0;

  constructor(
    readonly blockBytes = DEFAULT_BLOCK_BYTES,
    /** Blocks kept on the free list at most; more are left to the GC. */
    maxFreeBytes = 64 * 1024 * 1024,
  ) {
    this.#maxFree = Math.max(1, Math.floor(maxFreeBytes / blockBytes));
  }

  /** Blocks ever allocated (for tests and benchmarks). */
  get allocated(): number {
    return this.#allocated;
  }

  get free(): number {
    return this.#free.length;
  }

  take(): Buffer {
    const block = this.#free.pop();
    if (block) return block;
    this.#allocated++;
    // Not from node's small-buffer pool: a block must never share memory with anything else.
    return Buffer.allocUnsafeSlow(this.blockBytes);
  }

  release(blocks: readonly Buffer[]): void {
    for (const block of blocks) {
      if (block.length === this.blockBytes && this.#free.length < this.#maxFree) this.#free.push(block);
    }
  }

  writer(): BlockWriter {
    return new BlockWriter(this);
  }
}

/** Copies a stream of chunks into pool blocks. */
export class BlockWriter {
  readonly #blocks: Buffer[] = [];
  #current: Buffer | undefined;
  #used = 0;
  #bytes = 0;

  constructor(private readonly pool: BlockPool) {}

  get bytes(): number {
    return this.#bytes;
  }

  write(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#current === undefined || this.#used === this.#current.length) {
        this.#current = this.pool.take();
        this.#blocks.push(this.#current);
        this.#used = 0;
      }
      const n = Math.min(chunk.length - offset, this.#current.length - this.#used);
      this.#current.set(chunk.subarray(offset, offset + n), this.#used);
      this.#used += n;
      offset += n;
    }
    this.#bytes += chunk.length;
  }

  /** The bytes written, as views of the blocks, and the blocks to release after use. */
  finish(): { parts: Buffer[]; blocks: Buffer[] } {
    const last = this.#blocks.length - 1;
    const parts = this.#blocks.map((block, index) => (index === last ? block.subarray(0, this.#used) : block)).filter((part) => part.length > 0);
    return { parts, blocks: [...this.#blocks] };
  }

  /** Gives the blocks back unused (the attempt failed). */
  discard(): void {
    this.pool.release(this.#blocks);
    this.#blocks.length = 0;
    this.#current = undefined;
  }
}
