// A track's output and its resume state. The bytes go to `<output>.part` (the output's own
// name appears only once the whole download is done: finish.ts renames or muxes the parts), or
// to a stream (`-o -`: no part, no state, no resume). Opening continues an earlier run's part
// when its state matches, cut back to the bytes the state vouches for, else starts afresh;
// writing takes in-order batches (each init section before the segments it applies to, again
// whenever it changes; gaps recorded with their place in the timeline) and saves the state
// atomically; closing keeps the state, marked complete or not (removeTrackState deletes it
// when the whole download is over).
import type { FileHandle } from 'node:fs/promises';
import { open, rename, stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { TypedEmitter } from '../util/emitter.js';
import type { BlockPool } from './block-pool.js';
import type { SegmentPiece } from './segment-job.js';
import { checkResumable, readState, removeState, saveState, segmentFingerprint, stableUrl, statePathFor, type DownloadState } from './state-file.js';
import type { GapRecord, StreamEvent, StreamSegment, TrackKind } from './types.js';
import { writeAllAt } from './write-all.js';

/** Where a track's bytes live until the download is complete. */
export function partPathFor(output: string): string {
  return `${output}.part`;
}

/** What an earlier run left: its state (unless restarting) and the size of its part. */
export interface EarlierRun {
  readonly saved: DownloadState | undefined;
  readonly outputBytes: number | undefined;
}

const sizeOf = (path: string): Promise<number | undefined> => stat(path).then((s) => s.size, () => undefined);

/** Reads an earlier run's state for `output` (with `restart`, deletes it instead). Needs no manifest. */
export async function readEarlierRun(output: string, restart: boolean): Promise<EarlierRun> {
  const statePath = statePathFor(output);
  if (restart) {
    await removeState(statePath);
    return { saved: undefined, outputBytes: undefined };
  }
  const saved = await readState(statePath);
  if (!saved) return { saved, outputBytes: undefined };
  const part = partPathFor(output);
  let outputBytes = await sizeOf(part);
  if (outputBytes === undefined) {
    // The part already has its final name: a run renamed it and stopped before removing the
    // state (or an older trawl wrote into the output directly). It goes back to being the part.
    const finished = await sizeOf(output);
    if (finished !== undefined) {
      await rename(output, part);
      outputBytes = finished;
    }
  }
  return { saved, outputBytes };
}

/** Deletes a finished track's state file. */
export function removeTrackState(output: string): Promise<void> {
  return removeState(statePathFor(output));
}

/** What the writer takes from the reorder buffer: a segment's plaintext, or a gap in its place. */
export type Piece =
  | { readonly kind: 'data'; readonly data: SegmentPiece; readonly duration: number; readonly sequence: number }
  | { readonly kind: 'gap'; readonly gap: GapRecord; readonly duration: number; readonly sequence: number };

export interface OutputOptions {
  readonly kind: TrackKind;
  /** The track's final file (its bytes go to `<output>.part` until the download is done). */
  readonly output: string;
  readonly playlistUrl: string;
  readonly live: boolean;
  readonly restart: boolean;
  readonly events: TypedEmitter<StreamEvent>;
  /** Write the bytes here instead (standard output): no part file, no state, no resume. */
  readonly stream?: Writable | undefined;
}

// The state is saved after a write batch at most this often (and always when the track stops):
// a lagging state only means a resume fetches a few segments again, cut off at its offset.
const STATE_INTERVAL_MS = 100;

/** Where the bytes go: a file written at offsets, or a stream written in order. */
interface ByteSink {
  write(parts: readonly Buffer[], position: number): Promise<void>;
  /** The bytes are all there: cut the file at `bytes` and close it. */
  complete(bytes: number): Promise<void>;
  close(): Promise<void>;
}

function fileSink(fh: Promise<FileHandle>): ByteSink {
  fh.catch(() => {});
  return {
    write: async (parts, position) => writeAllAt(await fh, parts, position),
    async complete(bytes) {
      const handle = await fh;
      await handle.truncate(bytes);
      await handle.close();
    },
    close: () => fh.then((handle) => handle.close(), () => {}),
  };
}

function streamSink(stream: Writable): ByteSink {
  return {
    write(parts) {
      // The pool blocks behind `parts` are reused once this resolves, so it waits until the
      // stream has handed the last chunk on (its write callback), not merely queued it; the
      // callbacks come in order, so every earlier chunk is through too.
      return new Promise<void>((resolve, reject) => {
        if (parts.length === 0) return resolve();
        parts.forEach((part, index) => {
          const last = index === parts.length - 1;
          stream.write(part, last ? (error) => (error ? reject(error) : resolve()) : undefined);
        });
      });
    },
    complete: async () => {},
    close: async () => {},
  };
}

export class TrackOutput {
  readonly #options: OutputOptions;
  readonly #sink: ByteSink;
  readonly #statePath: string | undefined;
  #state: DownloadState;
  /** Seconds handled (written and gaps): where the next gap falls. */
  #timeline: number;
  #savedAt = 0;
  #dirty = false;
  readonly resumedSegments: number;
  readonly resumedBytes: number;

  private constructor(options: OutputOptions, sink: ByteSink, state: DownloadState) {
    this.#options = options;
    this.#sink = sink;
    this.#statePath = options.stream ? undefined : statePathFor(options.output);
    this.#state = state;
    this.#timeline = state.extinfSeconds + state.gaps.reduce((sum, gap) => sum + gap.durationSeconds, 0);
    this.resumedSegments = state.written;
    this.resumedBytes = state.bytes;
  }

  /**
   * `segments`: the whole VOD list (its fingerprint must match a resumed state); ignored live.
   * `earlier`: the saved state, read ahead (readEarlierRun) while the manifest was loading.
   * The file itself opens in the background: the first segments start before it is open, and
   * the first write waits for it.
   */
  static async open(options: OutputOptions, mediaUrl: string, segments: readonly StreamSegment[], earlier?: Promise<EarlierRun>): Promise<TrackOutput> {
    const fingerprint = options.live ? '' : segmentFingerprint(segments);
    const fresh: DownloadState = {
      version: 1,
      playlistUrl: options.playlistUrl,
      mediaUrl: stableUrl(mediaUrl),
      live: options.live,
      fingerprint,
      segmentCount: segments.length,
      written: 0,
      nextSequence: segments[0]?.mediaSequence ?? 0,
      bytes: 0,
      extinfSeconds: 0,
      gaps: [],
    };
    if (options.stream) return new TrackOutput(options, streamSink(options.stream), fresh);
    const { saved, outputBytes } = await (earlier ?? readEarlierRun(options.output, options.restart));
    if (saved) {
      const statePath = statePathFor(options.output);
      checkResumable(saved, { output: options.output, statePath, playlistUrl: options.playlistUrl, mediaUrl, live: options.live, fingerprint, outputBytes });
      const resumed = open(partPathFor(options.output), 'r+').then(async (fh) => {
        await fh.truncate(saved.bytes);
        return fh;
      });
      return new TrackOutput(options, fileSink(resumed), saved);
    }
    // No state: a fresh start. (Saved after the first write; a run killed before that had written nothing.)
    return new TrackOutput(options, fileSink(open(partPathFor(options.output), 'w')), fresh);
  }

  get state(): DownloadState {
    return this.#state;
  }

  /** Seconds handled so far (written segments and gaps). */
  get timeline(): number {
    return this.#timeline;
  }

  /** A gap that is not a listed segment (live: expired unseen); recorded at once. */
  addGap(gap: GapRecord): void {
    this.#state = { ...this.#state, gaps: [...this.#state.gaps, gap] };
    this.#dirty = true;
  }

  /** Writes the in-order `batch` after the bytes so far and records it; gives the pool blocks back. */
  async write(batch: readonly Piece[], segmentCount: number, pool: BlockPool): Promise<void> {
    const parts: Buffer[] = [];
    let bytes = 0;
    let extinf = 0;
    let lastMap = this.#state.lastMap;
    const gaps: GapRecord[] = [];
    for (const piece of batch) {
      if (piece.kind === 'gap') {
        const gap = { ...piece.gap, startSeconds: this.#timeline };
        gaps.push(gap);
        this.#options.events.emit({ type: 'gap', gap });
      } else {
        const map = piece.data.map;
        if (map && map.hash !== lastMap) {
          parts.push(...map.parts);
          bytes += map.bytes;
          lastMap = map.hash;
        }
        parts.push(...piece.data.parts);
        bytes += piece.data.bytes;
        extinf += piece.duration;
      }
      this.#timeline += piece.duration;
    }
    try {
      await this.#sink.write(parts, this.#state.bytes);
    } finally {
      for (const piece of batch) if (piece.kind === 'data') pool.release(piece.data.blocks);
    }
    const last = batch[batch.length - 1]!;
    this.#state = {
      ...this.#state,
      segmentCount,
      written: this.#state.written + batch.length,
      nextSequence: last.sequence + 1,
      bytes: this.#state.bytes + bytes,
      extinfSeconds: this.#state.extinfSeconds + extinf,
      lastMap,
      gaps: gaps.length > 0 ? [...this.#state.gaps, ...gaps] : this.#state.gaps,
    };
    this.#dirty = true;
    if (Date.now() - this.#savedAt >= STATE_INTERVAL_MS) await this.#save();
  }

  /** Stopped before the end: the state is saved so that the same download resumes. */
  async stop(): Promise<void> {
    try {
      if (this.#dirty) await this.#save();
    } finally {
      await this.#sink.close();
    }
  }

  /**
   * Complete: the part ends at the last byte written, and the state says so. The caller renames
   * the part and removes the state once the whole download is done (finish.ts).
   */
  async complete(): Promise<void> {
    await this.#sink.complete(this.#state.bytes);
    this.#state = { ...this.#state, complete: true };
    await this.#save();
  }

  async #save(): Promise<void> {
    this.#dirty = false;
    this.#savedAt = Date.now();
    if (this.#statePath) await saveState(this.#statePath, this.#state);
  }
}
