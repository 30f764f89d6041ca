// Where one stream's bytes go: the `.part` file, written through a PartWriter — except that a
// fresh body stays in memory until it passes `memoryBytes`. A small file that ends in memory is
// then created, written and closed in three calls (plain fd calls: no FileHandle objects), all
// after the connection has moved on to the next request. Creating a file is the slow part on
// the machines measured (0.3-1 ms, serialised per folder by the kernel), so it is kept off the
// connection's path entirely and done once per file.
import type { Hash } from 'node:crypto';
import { close, constants, open, writev } from 'node:fs';
import { PartWriter, createPart, reopenPart } from './part-file.js';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW;

export class PartSink {
  readonly #path: string;
  readonly #offset: number;
  readonly #hash: Hash | undefined;
  readonly #memoryBytes: number;
  #memory: Buffer[] | undefined = [];
  #held = 0;
  #writer: PartWriter | undefined;
  #closed = false;

  /**
   * @param offset bytes of the part already on disk that this sink continues (0: a new part)
   * @param memoryBytes largest body kept in memory before the part is opened (0: open at once)
   */
  constructor(path: string, offset: number, options: { hash?: Hash | undefined; memoryBytes: number }) {
    this.#path = path;
    this.#offset = offset;
    this.#hash = options.hash;
    this.#memoryBytes = offset === 0 ? options.memoryBytes : 0;
    if (this.#memoryBytes === 0) this.#spill();
  }

  /** Position of the next byte pushed. */
  get position(): number {
    return this.#writer ? this.#writer.position : this.#offset + this.#held;
  }

  /** Bytes on disk: a sidecar may promise these. */
  get durable(): number {
    return this.#writer ? this.#writer.durable : this.#offset;
  }

  push(chunk: Uint8Array): Promise<void> | undefined {
    if (this.#writer) return this.#writer.push(chunk);
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#memory!.push(buffer);
    this.#held += buffer.length;
    if (this.#held > this.#memoryBytes) return this.#spill();
    return undefined;
  }

  /** Writes every byte and closes the part; rejects with the first write error. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#writer) {
      await this.#writer.flush();
      await this.#writer.close();
      return;
    }
    const chunks = this.#memory!;
    this.#memory = undefined;
    for (const chunk of chunks) this.#hash?.update(chunk);
    await writeWhole(this.#path, chunks);
  }

  /** Stops writing: waits for writes under way, closes the part (kept as it is). */
  async abort(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#memory = undefined;
    if (!this.#writer) return;
    await this.#writer.flush().catch(() => undefined);
    await this.#writer.close().catch(() => undefined);
  }

  #spill(): Promise<void> | undefined {
    const handle = this.#offset > 0 ? reopenPart(this.#path) : createPart(this.#path);
    this.#writer = new PartWriter(handle, this.#offset, this.#hash);
    const held = this.#memory ?? [];
    this.#memory = undefined;
    let wait: Promise<void> | undefined;
    for (const chunk of held) wait = this.#writer.push(chunk) ?? wait;
    return wait;
  }
}

const call = <T>(fn: (done: (error: Error | null, value: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((error, value) => (error ? reject(error) : resolve(value))));

/** Creates `path` (never through a symlink) holding exactly `chunks`: one open, one writev. */
async function writeWhole(path: string, chunks: Buffer[]): Promise<void> {
  const fd = await call<number>((done) => open(path, CREATE, 0o666, done));
  try {
    let list = chunks;
    let left = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    let at = 0;
    while (left > 0) {
      const written = await call<number>((done) => writev(fd, list, at, done));
      if (written <= 0) throw new Error(`no progress writing ${path}`);
      left -= written;
      at += written;
      if (left > 0) list = [Buffer.concat(chunks).subarray(at)];
    }
  } finally {
    await call<void>((done) => close(fd, (error) => done(error, undefined)));
  }
}
