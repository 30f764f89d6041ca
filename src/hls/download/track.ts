// One track (the variant, or an audio / subtitle rendition) downloaded into one output file:
// the fetch scheduler, the reorder buffer and the in-order writer with its resume state.
//
//   SegmentList ──pick──▶ produceSegment × concurrency ──put──▶ ReorderBuffer ──takeReady──▶ writev ──▶ state file
//        ▲  (window: bytes held + in flight ≤ maxBufferBytes)     (index order)           (one fd)   (tmp + rename)
//        └─ deferred: failed once, tried again when nothing else may start (the final sweep)
//
// Fetching never waits for the disk: the writer drains on its own, and each write frees room
// in the window, which lets the scheduler start more.
import { setMaxListeners } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { open, stat } from 'node:fs/promises';
import { TrawlError } from '../../errors/trawl-error.js';
import type { TypedEmitter } from '../../util/emitter.js';
import type { Segment } from '../parser/types.js';
import { ReorderBuffer, windowAllows } from './reorder-buffer.js';
import { FatalSegmentFailure, produceSegment, type JobContext, type JobDeps, type SegmentPiece } from './segment-job.js';
import { SegmentError } from './segment-error.js';
import { SegmentList } from './segment-list.js';
import { checkResumable, readState, removeState, saveState, segmentFingerprint, stableUrl, statePathFor, type DownloadState } from './state-file.js';
import type { GapRecord, HlsEvent, TrackKind, TrackResult } from './types.js';
import { writeAllAt } from './write-all.js';

export interface TrackOptions {
  readonly kind: TrackKind;
  /** Absolute path of the file the byte stream goes to. */
  readonly output: string;
  readonly playlistUrl: string;
  readonly live: boolean;
  readonly concurrency: number;
  readonly maxBufferBytes: number;
  readonly allowGaps: boolean;
  readonly restart: boolean;
  /** The variant's BANDWIDTH (bit/s): sizes segments before any has arrived. */
  readonly bandwidth?: number | undefined;
  readonly events: TypedEmitter<HlsEvent>;
}

type Piece = { readonly kind: 'data'; readonly data: SegmentPiece; readonly duration: number; readonly sequence: number } | { readonly kind: 'gap'; readonly gap: GapRecord; readonly duration: number; readonly sequence: number };

const DEFAULT_SEGMENT_BYTES = 1 << 20;
const MAX_BATCH = 256;

export class Track {
  readonly list: SegmentList;
  readonly #options: TrackOptions;
  readonly #ctx: JobContext;
  readonly #controller: AbortController;
  readonly #statePath: string;
  readonly #fh: FileHandle;
  readonly #buffer: ReorderBuffer<Piece>;
  readonly #inFlight = new Map<number, number>();
  readonly #deferred: number[] = [];
  readonly #failedOnce = new Set<number>();
  readonly #startedAt = Date.now();
  #state: DownloadState;
  #nextStart: number;
  #writing = false;
  #fatal: { error: unknown } | undefined;
  #settled = false;
  #resolve!: (result: TrackResult) => void;
  #reject!: (error: unknown) => void;
  readonly #done: Promise<TrackResult>;
  #fetched = 0;
  #completed = 0;
  #completedBytes = 0;
  #timeline: number;
  readonly #resumedSegments: number;
  readonly #resumedBytes: number;

  private constructor(options: TrackOptions, deps: JobDeps, list: SegmentList, fh: FileHandle, state: DownloadState, timeline: number) {
    this.#options = options;
    this.list = list;
    this.#controller = new AbortController();
    // Every request in flight listens on this signal: more than EventTarget's default of 10.
    setMaxListeners(0, this.#controller.signal);
    this.#ctx = { ...deps, list, signal: this.#controller.signal, describe: (index) => this.describe(index) };
    this.#statePath = statePathFor(options.output);
    this.#fh = fh;
    this.#state = state;
    this.#nextStart = state.written;
    this.#buffer = new ReorderBuffer<Piece>(state.written);
    this.#timeline = timeline;
    this.#resumedSegments = state.written;
    this.#resumedBytes = state.bytes;
    this.#done = new Promise<TrackResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#done.catch(() => {});
  }

  /**
   * Opens the output: continues an earlier run's file when its state matches (cut back to the
   * bytes the state vouches for), else starts it afresh. A VOD track gets its whole segment
   * list here; a live one starts empty (at the position the state gives) and grows by append().
   */
  static async open(options: TrackOptions, deps: JobDeps, mediaUrl: string, segments: readonly Segment[]): Promise<Track> {
    const statePath = statePathFor(options.output);
    if (options.restart) await removeState(statePath);
    const saved = options.restart ? undefined : await readState(statePath);
    const list = new SegmentList(options.live ? (saved?.written ?? 0) : 0);
    if (!options.live) {
      list.append(segments);
      list.finish();
    }
    const fingerprint = options.live ? '' : segmentFingerprint(segments);
    let fh: FileHandle;
    let state: DownloadState;
    if (saved) {
      const size = await stat(options.output).then((s) => s.size, () => undefined);
      checkResumable(saved, { output: options.output, statePath, playlistUrl: options.playlistUrl, mediaUrl, live: options.live, fingerprint, outputBytes: size });
      fh = await open(options.output, 'r+');
      await fh.truncate(saved.bytes);
      state = saved;
    } else {
      fh = await open(options.output, 'w');
      state = {
        version: 1,
        playlistUrl: options.playlistUrl,
        mediaUrl: stableUrl(mediaUrl),
        live: options.live,
        fingerprint,
        segmentCount: list.length,
        written: 0,
        nextSequence: segments[0]?.mediaSequence ?? 0,
        bytes: 0,
        extinfSeconds: 0,
        gaps: [],
      };
      await saveState(statePath, state);
    }
    const timeline = state.extinfSeconds + state.gaps.reduce((sum, gap) => sum + gap.durationSeconds, 0);
    return new Track(options, deps, list, fh, state, timeline);
  }

  /** Aborted when the track fails or is stopped. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** "segment 5/120 (media sequence 1204)": how messages name a segment. */
  describe(index: number): string {
    const total = this.list.final ? `/${this.list.length}` : '';
    return `segment ${index + 1}${total} (media sequence ${this.list.at(index).mediaSequence})`;
  }

  get resumed(): { segments: number; bytes: number } | undefined {
    return this.#resumedSegments > 0 ? { segments: this.#resumedSegments, bytes: this.#resumedBytes } : undefined;
  }

  /** Media sequence number the writer needs next (live: where a resumed recording goes on). */
  get nextSequence(): number {
    return this.#state.nextSequence;
  }

  /** Seconds of EXTINF listed so far (written, pending and gaps). */
  get listedSeconds(): number {
    let seconds = this.#timeline;
    for (let index = this.#state.written; index < this.list.length; index++) seconds += this.list.at(index).duration;
    return seconds;
  }

  /** Runs until every listed segment is written and the list is final; rejects on the first fatal error. */
  run(signal?: AbortSignal): Promise<TrackResult> {
    const onAbort = (): void => this.#fail(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#done.finally(() => signal?.removeEventListener('abort', onAbort)).catch(() => {});
    this.#options.events.emit({
      type: 'track-start',
      track: this.#options.kind,
      output: this.#options.output,
      segments: this.list.length,
      live: this.#options.live,
      resumed: this.resumed,
    });
    this.#pump();
    return this.#done;
  }

  /** Live: segments a reload brought. */
  append(segments: readonly Segment[]): void {
    this.list.append(segments);
    this.#pump();
  }

  /** Live: segments that left the window unseen; recorded where the recording stands now. */
  addExpiredGap(firstSequence: number, lastSequence: number): void {
    const gap: GapRecord = {
      track: this.#options.kind,
      firstSequence,
      lastSequence,
      reason: 'expired from the live playlist before it was fetched',
      startSeconds: this.listedSeconds,
      durationSeconds: 0,
    };
    this.#state = { ...this.#state, gaps: [...this.#state.gaps, gap] };
    this.#options.events.emit({ type: 'gap', gap });
  }

  /** No more segments will come (ENDLIST, --duration reached). */
  finish(): void {
    if (!this.list.final) this.list.finish();
    this.#maybeSettle();
  }

  /** Stops the download (the state stays, for a later resume). */
  abort(reason: unknown): void {
    this.#fail(reason);
  }

  #pump(): void {
    if (this.#fatal) return;
    while (this.#inFlight.size < this.#options.concurrency) {
      const index = this.#pick();
      if (index === undefined) break;
      this.#start(index);
    }
    this.#maybeSettle();
  }

  #pick(): number | undefined {
    if (this.#nextStart < this.list.length) {
      const window = {
        next: this.#buffer.next,
        heldBytes: this.#buffer.heldBytes,
        inFlightBytes: [...this.#inFlight.values()].reduce((a, b) => a + b, 0),
        candidateBytes: this.#estimate(this.#nextStart),
        maxBytes: this.#options.maxBufferBytes,
        maxAhead: Math.max(4 * this.#options.concurrency, 64),
      };
      if (windowAllows(this.#nextStart, window)) return this.#nextStart++;
    }
    // The final sweep: a segment that failed once goes again when nothing else may start.
    return this.#deferred.shift();
  }

  #estimate(index: number): number {
    const segment = this.list.at(index);
    if (segment.byteRange) return segment.byteRange.length;
    if (this.#completed > 0) return this.#completedBytes / this.#completed;
    if (this.#options.bandwidth) return Math.ceil((this.#options.bandwidth * segment.duration) / 8);
    return DEFAULT_SEGMENT_BYTES;
  }

  #start(index: number): void {
    this.#inFlight.set(index, this.#estimate(index));
    produceSegment(this.#ctx, index).then(
      (data) => {
        this.#inFlight.delete(index);
        if (this.#fatal) return this.#maybeSettle();
        this.#fetched += data.fetched;
        this.#completed++;
        this.#completedBytes += data.bytes;
        const segment = this.list.at(index);
        this.#buffer.put(index, { kind: 'data', data, duration: segment.duration, sequence: segment.mediaSequence }, data.bytes);
        this.#progress();
        void this.#drain();
        this.#pump();
      },
      (error: unknown) => {
        this.#inFlight.delete(index);
        this.#onFailure(index, error);
        this.#pump();
      },
    );
  }

  #onFailure(index: number, error: unknown): void {
    if (this.#fatal) return this.#maybeSettle();
    if (error instanceof FatalSegmentFailure) return this.#fail(error.error);
    if (!isSegmentFailure(error)) return this.#fail(error);
    const segment = this.list.at(index);
    if (!this.#failedOnce.has(index)) {
      this.#failedOnce.add(index);
      this.#deferred.push(index);
      this.#options.events.emit({ type: 'warning', message: `${this.#ctx.describe(index)} failed (${(error as Error).message}); trying it again after the others` });
      return;
    }
    const at = { segment: index + 1, total: this.list.length, mediaSequence: segment.mediaSequence, url: segment.uri };
    if (!this.#options.allowGaps) return this.#fail(SegmentError.from(error, at));
    const gap: GapRecord = {
      track: this.#options.kind,
      firstSequence: segment.mediaSequence,
      lastSequence: segment.mediaSequence,
      segment: index + 1,
      url: segment.uri,
      reason: (error as Error).message,
      startSeconds: 0, // set when the writer reaches it
      durationSeconds: segment.duration,
    };
    this.#buffer.put(index, { kind: 'gap', gap, duration: segment.duration, sequence: segment.mediaSequence }, 0);
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      for (;;) {
        const batch = this.#buffer.takeReady(MAX_BATCH);
        if (batch.length === 0) break;
        await this.#write(batch);
        this.#progress();
        this.#pump();
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this.#writing = false;
    }
    this.#maybeSettle();
  }

  async #write(batch: readonly Piece[]): Promise<void> {
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
    await writeAllAt(this.#fh, parts, this.#state.bytes);
    for (const piece of batch) if (piece.kind === 'data') this.#ctx.pool.release(piece.data.blocks);
    const last = batch[batch.length - 1]!;
    this.#state = {
      ...this.#state,
      segmentCount: this.list.length,
      written: this.#state.written + batch.length,
      nextSequence: last.sequence + 1,
      bytes: this.#state.bytes + bytes,
      extinfSeconds: this.#state.extinfSeconds + extinf,
      lastMap,
      gaps: gaps.length > 0 ? [...this.#state.gaps, ...gaps] : this.#state.gaps,
    };
    await saveState(this.#statePath, this.#state);
  }

  #progress(): void {
    this.#options.events.emit({
      type: 'progress',
      progress: {
        track: this.#options.kind,
        output: this.#options.output,
        segmentsDone: this.#state.written,
        segmentsTotal: this.list.length,
        totalKnown: this.list.final,
        bytesWritten: this.#state.bytes,
        bytesFetched: this.#fetched,
        segmentsResumed: this.#resumedSegments,
        bytesResumed: this.#resumedBytes,
        startedAt: this.#startedAt,
      },
    });
  }

  #fail(error: unknown): void {
    if (this.#fatal) return;
    this.#fatal = { error };
    // In-flight requests are cut off; the writer finishes its write so the state stays true.
    this.#controller.abort(error);
    this.#maybeSettle();
  }

  #maybeSettle(): void {
    if (this.#settled || this.#writing) return;
    if (this.#fatal) {
      this.#settled = true;
      void this.#fh.close().finally(() => this.#reject(this.#fatal?.error));
      return;
    }
    if (!this.list.final || this.#state.written < this.list.length || this.#inFlight.size > 0) return;
    this.#settled = true;
    void this.#complete().then(this.#resolve, this.#reject);
  }

  async #complete(): Promise<TrackResult> {
    await this.#fh.truncate(this.#state.bytes);
    await this.#fh.close();
    await removeState(this.#statePath);
    return {
      kind: this.#options.kind,
      output: this.#options.output,
      segments: this.#state.written - this.#state.gaps.filter((gap) => gap.segment !== undefined).length,
      bytes: this.#state.bytes,
      extinfSeconds: this.#state.extinfSeconds,
      bytesFetched: this.#fetched,
      gaps: this.#state.gaps,
      resumedSegments: this.#resumedSegments,
    };
  }
}

/** Failures worth another try later: transport, HTTP status, integrity. Bad input and bugs stop at once. */
function isSegmentFailure(error: unknown): boolean {
  if (!(error instanceof TrawlError)) return false;
  return ['TRAWL_ERR_NETWORK', 'TRAWL_ERR_TIMEOUT', 'TRAWL_ERR_HTTP_STATUS', 'TRAWL_ERR_INTEGRITY', 'TRAWL_ERR_BODY_TOO_LARGE', 'TRAWL_ERR_REDIRECT'].includes(error.code);
}
