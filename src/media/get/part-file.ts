// The `.part` file of a download: opened without following symlinks (a link planted at the
// part name cannot redirect our bytes elsewhere), written with positional writes so several
// ranges can fill one file, and with bounded write-behind: chunks that arrive while a write is
// under way are gathered and written together (one pwritev), and the reader is told to wait
// only when more than HIGH_WATER bytes are queued. Memory per writer stays under ~2 MB however
// fast the network is.
import { constants, type BigIntStats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import type { Hash } from 'node:crypto';

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Bytes gathered before a write starts: fewer, larger writes (a small file is one write). */
const BATCH = 256 * 1024;
/** Queued bytes beyond which the reader is asked to wait. */
const HIGH_WATER = 1024 * 1024;

/** Creates (or empties) `path` for writing; fails with ELOOP when `path` is a symlink. */
export async function createPart(path: string, size?: number): Promise<FileHandle> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | NOFOLLOW, 0o666);
  if (size !== undefined && size > 0) {
    try {
      // Sparse preallocation: every range can write at its own offset from the start.
      await handle.truncate(size);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }
  return handle;
}

/** Opens an existing part for positional writes; never creates, truncates or follows a link. */
export function reopenPart(path: string): Promise<FileHandle> {
  return open(path, constants.O_WRONLY | NOFOLLOW);
}

/** The size of a regular file at `path`, or undefined when there is none (a symlink is none). */
export async function regularFileSize(path: string): Promise<number | undefined> {
  let stats: BigIntStats | undefined;
  try {
    stats = await lstat(path, { bigint: true });
  } catch {
    return undefined;
  }
  return stats.isFile() ? Number(stats.size) : undefined;
}

/**
 * Writes one ascending run of bytes into a part file starting at `position`. `durable` is the
 * position up to which writes have completed: a sidecar may promise those bytes.
 */
export class PartWriter {
  #position: number;
  #durable: number;
  #queue: Buffer[] = [];
  #queued = 0;
  #writing: Promise<void> | undefined;
  #error: unknown;
  #waiters: (() => void)[] = [];
  /** Set by flush(): write whatever is queued, however little. */
  #flushing = false;

  readonly #handle: Promise<FileHandle>;

  /** `handle` may still be opening: the first write waits for it (and fails if it fails). */
  constructor(
    handle: FileHandle | Promise<FileHandle>,
    position: number,
    private readonly hash?: Hash,
  ) {
    this.#handle = Promise.resolve(handle);
    this.#handle.catch(() => undefined);
    this.#position = position;
    this.#durable = position;
  }

  /** Position of the next byte pushed. */
  get position(): number {
    return this.#position;
  }

  get durable(): number {
    return this.#durable;
  }

  /**
   * Queues `chunk` after the bytes pushed before. Returns a promise when the caller should
   * wait before pushing more (backpressure), else undefined.
   */
  push(chunk: Uint8Array): Promise<void> | undefined {
    if (this.#error !== undefined) return Promise.reject(this.#error);
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.hash?.update(buffer);
    this.#queue.push(buffer);
    this.#queued += buffer.length;
    this.#position += buffer.length;
    if (this.#queued >= BATCH) this.#writing ??= this.#drain();
    if (this.#queued <= HIGH_WATER) return undefined;
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push(() => (this.#error === undefined ? resolve() : reject(this.#error)));
    });
  }

  /** Resolves when every pushed byte is written; rejects with the first write error. */
  async flush(): Promise<void> {
    this.#flushing = true;
    for (;;) {
      if (this.#queued > 0) this.#writing ??= this.#drain();
      if (!this.#writing) break;
      await this.#writing;
    }
    if (this.#error !== undefined) throw this.#error;
  }

  /** Closes the file (after flush(); the writer is done). */
  async close(): Promise<void> {
    await (await this.#handle).close();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0 && this.#error === undefined && (this.#flushing || this.#queued >= BATCH)) {
        const buffers = this.#queue;
        const bytes = this.#queued;
        this.#queue = [];
        this.#queued = 0;
        await writeAll(await this.#handle, buffers, bytes, this.#durable);
        this.#durable += bytes;
        this.#wake();
      }
    } catch (error) {
      this.#error = error;
      this.#queue = [];
      this.#queued = 0;
    } finally {
      this.#writing = undefined;
      this.#wake();
    }
  }

  #wake(): void {
    if (this.#queued > HIGH_WATER && this.#error === undefined) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

async function writeAll(handle: FileHandle, buffers: Buffer[], bytes: number, position: number): Promise<void> {
  let list = buffers;
  let left = bytes;
  let at = position;
  for (;;) {
    const { bytesWritten } =
      list.length === 1 ? await handle.write(list[0]!, 0, list[0]!.length, at) : await handle.writev(list, at);
    if (bytesWritten <= 0) throw new Error('no progress writing a part file');
    left -= bytesWritten;
    if (left <= 0) return;
    at += bytesWritten;
    // A short write (rare; a full disk reports ENOSPC instead): continue with what is left.
    list = [Buffer.concat(buffers).subarray(bytes - left)];
  }
}
