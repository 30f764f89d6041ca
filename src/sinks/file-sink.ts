// The file side of every dataset sink: one descriptor, synchronous positioned writes, and the
// checkpoint (a JSON string holding the byte offset) that lets a resumed run cut off whatever a
// killed process left after the last committed batch.
//
//   file:  [preamble][batch 1][batch 2] ... [batch n][half-written tail of a killed run]
//                                                   ^ checkpoint offset: open(checkpoint)
//                                                     truncates here and appends again
//
// Subclasses only turn items into text; they never touch the descriptor.
import { ItemError } from '../errors/item-error.js';
import { SinkCheckpointError } from '../errors/sink-checkpoint-error.js';
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, errorMessage } from '../errors/index.js';
import type { Item, Sink } from '../types/sink.js';
import { ensureDirSync } from '../util/ensure-dir.js';

export type SinkFormat = 'jsonl' | 'csv' | 'json';

/** The fields every checkpoint carries; formats add their own next to them. */
export interface CheckpointState {
  readonly v: 1;
  readonly format: SinkFormat;
  /** Bytes of the file that belong to committed output. */
  readonly offset: number;
  /** Items written up to `offset`. */
  readonly items: number;
  readonly [extra: string]: unknown;
}


/** The path that means standard output: a pipe cannot be rewound, so checkpoints there are ignored. */
export const STDOUT_PATH = '-';

export abstract class FileSink implements Sink {
  abstract readonly format: SinkFormat;
  #fd: number | undefined;
  #offset = 0;
  #items = 0;
  /** Writing to standard output: appends only, no truncation, no fsync. */
  #stdout = false;

  constructor(readonly path: string) {}

  /** Items written so far, counting those before the checkpoint a resumed run started from. */
  get itemCount(): number {
    return this.#items;
  }

  async open(checkpoint: string | undefined): Promise<void> {
    if (this.#fd !== undefined) throw new Error(`${this.constructor.name}: ${this.path} is already open`);
    if (this.path === STDOUT_PATH) {
      // A resumed crawl prints only what it still fetches: what went before is out of reach.
      this.#fd = 1;
      this.#stdout = true;
      this.#offset = 0;
      this.#items = 0;
      this.begin();
      return;
    }
    if (checkpoint === undefined) {
      ensureDirSync(dirname(this.path));
      this.#fd = openSync(this.path, 'w');
      this.#offset = 0;
      this.#items = 0;
      this.begin();
      return;
    }
    const state = this.#parseCheckpoint(checkpoint);
    const fd = this.#openExisting(state.offset);
    try {
      const size = fstatSync(fd).size;
      if (size < state.offset) {
        throw new SinkCheckpointError(
          this.path,
          `checkpoint at byte ${state.offset}`,
          `the file has only ${size} bytes, so it was changed outside trawl; ` +
            'restore it, or start the export afresh instead of resuming',
        );
      }
      // Drops the half-written tail (or a JSON closing bracket) left after the checkpoint.
      ftruncateSync(fd, state.offset);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    this.#fd = fd;
    this.#offset = state.offset;
    this.#items = state.items;
    try {
      this.restore(state);
    } catch (error) {
      this.#fd = undefined;
      closeSync(fd);
      throw error;
    }
  }

  write(items: readonly Item[]): string {
    if (this.#fd === undefined) throw new Error(`${this.constructor.name}: write() on ${this.path}, which is not open`);
    if (items.length > 0) {
      // Rendering finishes before the first byte is written, so an item that cannot be
      // serialised leaves the file exactly at the previous checkpoint.
      this.append(this.render(items, this.#items));
      this.#items += items.length;
    }
    return JSON.stringify({ v: 1, format: this.format, offset: this.#offset, items: this.#items, ...this.checkpointExtra() });
  }

  async close(): Promise<void> {
    const fd = this.#fd;
    if (fd === undefined) return;
    try {
      // Closing bytes go after the last checkpoint handed out, so a resume truncates them away.
      const tail = this.finish();
      if (tail) this.append(tail);
      if (!this.#stdout) fsyncSync(fd);
    } finally {
      this.#fd = undefined;
      if (!this.#stdout) closeSync(fd);
    }
  }

  /** Appends text at the current offset; writeSync may write less than asked, hence the loop. */
  protected append(text: string): void {
    const fd = this.#fd;
    if (fd === undefined) throw new Error(`${this.constructor.name}: ${this.path} is not open`);
    const buffer = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < buffer.length) {
      if (!this.#stdout) {
        done += writeSync(fd, buffer, done, buffer.length - done, this.#offset + done);
        continue;
      }
      try {
        done += writeSync(fd, buffer, done, buffer.length - done);
      } catch (error) {
        // A non-blocking pipe that is full: try again until the reader takes the bytes.
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      }
    }
    this.#offset += buffer.length;
  }

  /** JSON text of one item, or an error naming the output and the item when it has none. */
  protected stringify(item: Item | undefined, index: number): string {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw this.itemError(index, new TypeError(`an item must be an object, got ${Array.isArray(item) ? 'an array' : String(item)}`));
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(item);
    } catch (error) {
      throw this.itemError(index, error);
    }
    if (text === undefined) throw this.itemError(index, new TypeError('its toJSON() returned nothing'));
    return text;
  }

  /** An error for an item that cannot be written, naming the output and the item. */
  protected itemError(index: number, cause: unknown): InputError {
    return new ItemError(this.path, `item ${this.#items + index + 1}`, `cannot be written as ${this.format}: ${errorMessage(cause)}`, { cause });
  }

  /** Writes what a fresh file starts with (BOM, header, opening bracket). */
  protected begin(): void {}
  /** Takes back format state from a checkpoint after the file was cut to its offset. */
  protected restore(_state: CheckpointState): void {}
  /** The text for a batch; `before` is how many items precede it in the file. */
  protected abstract render(items: readonly Item[], before: number): string;
  /** Format fields stored in the checkpoint next to offset and items. */
  protected checkpointExtra(): Record<string, unknown> {
    return {};
  }
  /** Closing bytes written by close(). */
  protected finish(): string {
    return '';
  }

  #openExisting(offset: number): number {
    try {
      return openSync(this.path, 'r+');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (offset > 0) {
        throw new SinkCheckpointError(this.path, `checkpoint at byte ${offset}`, 'the file to resume is missing; start the export afresh', { cause: error });
      }
      ensureDirSync(dirname(this.path));
      return openSync(this.path, 'w+');
    }
  }

  #parseCheckpoint(text: string): CheckpointState {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.checkpointError(text, 'is not JSON', error);
    }
    if (typeof value !== 'object' || value === null) throw this.checkpointError(text, 'is not an object');
    const state = value as Partial<CheckpointState>;
    if (state.v !== 1) throw this.checkpointError(text, 'has an unknown version');
    if (state.format !== this.format) {
      throw this.checkpointError(text, `belongs to a ${String(state.format)} output, not ${this.format}`);
    }
    if (!isCount(state.offset) || !isCount(state.items)) throw this.checkpointError(text, 'has no valid offset and item count');
    return state as CheckpointState;
  }

  /** An error for a checkpoint this sink cannot resume from. */
  protected checkpointError(text: string, reason: string, cause?: unknown): InputError {
    const shown = text.length > 80 ? `${text.slice(0, 77)}...` : text;
    return new SinkCheckpointError(this.path, 'checkpoint', `checkpoint ${shown} ${reason}`, { cause });
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
