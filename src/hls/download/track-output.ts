// A track's output file and its resume state: opening (continue an earlier run's file when its
// state matches, cut back to the bytes the state vouches for; else start afresh), writing
// in-order batches (each EXT-X-MAP init section before the segments it applies to, again
// whenever it changes; gaps recorded with their place in the timeline), saving the state
// atomically, and closing (the state is kept, marked complete or not; removeTrackState
// deletes it when the whole download is over).
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import type { TypedEmitter } from '../../util/emitter.js';
import type { Segment } from '../parser/types.js';
import type { BlockPool } from './block-pool.js';
import type { SegmentPiece } from './segment-job.js';
import { checkResumable, readState, removeState, saveState, segmentFingerprint, stableUrl, statePathFor, type DownloadState } from './state-file.js';

/** What an earlier run left: its state (unless restarting) and the output's size. */
export interface EarlierRun {
  readonly saved: DownloadState | undefined;
  readonly outputBytes: number | undefined;
}

/** Reads an earlier run's state for `output` (with `restart`, deletes it instead). Needs no playlist. */
export async function readEarlierRun(output: string, restart: boolean): Promise<EarlierRun> {
  const statePath = statePathFor(output);
  if (restart) {
    await removeState(statePath);
    return { saved: undefined, outputBytes: undefined };
  }
  const saved = await readState(statePath);
  const outputBytes = saved ? await stat(output).then((s) => s.size, () => undefined) : undefined;
  return { saved, outputBytes };
}

/** Deletes a finished track's state file. */
export function removeTrackState(output: string): Promise<void> {
  return removeState(statePathFor(output));
}
import type { GapRecord, HlsEvent, TrackKind } from './types.js';
import { writeAllAt } from './write-all.js';

/** What the writer takes from the reorder buffer: a segment's plaintext, or a gap in its place. */
export type Piece =
  | { readonly kind: 'data'; readonly data: SegmentPiece; readonly duration: number; readonly sequence: number }
  | { readonly kind: 'gap'; readonly gap: GapRecord; readonly duration: number; readonly sequence: number };

export interface OutputOptions {
  readonly kind: TrackKind;
  readonly output: string;
  readonly playlistUrl: string;
  readonly live: boolean;
  readonly restart: boolean;
  readonly events: TypedEmitter<HlsEvent>;
}

// The state is saved after a write batch at most this often (and always when the track stops):
// a lagging state only means a resume fetches a few segments again, cut off at its offset.
const STATE_INTERVAL_MS = 100;

export class TrackOutput {
  readonly #options: OutputOptions;
  /** Opening in the background; every use awaits it (an open that failed fails the first write). */
  readonly #fh: Promise<FileHandle>;
  readonly #statePath: string;
  #state: DownloadState;
  /** Seconds of EXTINF handled (written and gaps): where the next gap falls. */
  #timeline: number;
  #savedAt = 0;
  #dirty = false;
  readonly resumedSegments: number;
  readonly resumedBytes: number;

  private constructor(options: OutputOptions, fh: Promise<FileHandle>, state: DownloadState) {
    this.#options = options;
    this.#fh = fh;
    fh.catch(() => {});
    this.#statePath = statePathFor(options.output);
    this.#state = state;
    this.#timeline = state.extinfSeconds + state.gaps.reduce((sum, gap) => sum + gap.durationSeconds, 0);
    this.resumedSegments = state.written;
    this.resumedBytes = state.bytes;
  }

  /**
   * `segments`: the whole VOD list (its fingerprint must match a resumed state); ignored live.
   * `earlier`: the saved state, read ahead (readEarlierRun) while the playlists were loading.
   * The file itself opens in the background: the first segments start before it is open, and
   * the first write waits for it.
   */
  static async open(options: OutputOptions, mediaUrl: string, segments: readonly Segment[], earlier?: Promise<EarlierRun>): Promise<TrackOutput> {
    const { saved, outputBytes } = await (earlier ?? readEarlierRun(options.output, options.restart));
    const fingerprint = options.live ? '' : segmentFingerprint(segments);
    if (saved) {
      const statePath = statePathFor(options.output);
      checkResumable(saved, { output: options.output, statePath, playlistUrl: options.playlistUrl, mediaUrl, live: options.live, fingerprint, outputBytes });
      const resumed = open(options.output, 'r+').then(async (fh) => {
        await fh.truncate(saved.bytes);
        return fh;
      });
      return new TrackOutput(options, resumed, saved);
    }
    // No state: a fresh start. (Saved after the first write; a run killed before that had written nothing.)
    return new TrackOutput(options, open(options.output, 'w'), {
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
    });
  }

  get state(): DownloadState {
    return this.#state;
  }

  /** Seconds of EXTINF handled so far (written segments and gaps). */
  get timeline(): number {
    return this.#timeline;
  }

  /** A gap that is not a listed segment (live: expired unseen); recorded at once. */
  addGap(gap: GapRecord): void {
    this.#state = { ...this.#state, gaps: [...this.#state.gaps, gap] };
    this.#dirty = true;
  }

  /** Writes the in-order `batch` at the end of the file and records it; gives the pool blocks back. */
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
    await writeAllAt(await this.#fh, parts, this.#state.bytes);
    for (const piece of batch) if (piece.kind === 'data') pool.release(piece.data.blocks);
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
      await this.#fh.then((fh) => fh.close(), () => {});
    }
  }

  /**
   * Complete: the file ends at the last byte written, and the state says so. The caller removes
   * the state once the whole download is done (removeTrackState).
   */
  async complete(): Promise<void> {
    const fh = await this.#fh;
    await fh.truncate(this.#state.bytes);
    await fh.close();
    this.#state = { ...this.#state, complete: true };
    await this.#save();
  }

  async #save(): Promise<void> {
    this.#dirty = false;
    this.#savedAt = Date.now();
    await saveState(this.#statePath, this.#state);
  }
}
