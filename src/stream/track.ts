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
import { TrawlError } from '../errors/trawl-error.js';
import type { TypedEmitter } from '../util/emitter.js';
import type { Writable } from 'node:stream';
import { ReorderBuffer, windowAllows } from './reorder-buffer.js';
import { FatalSegmentFailure, produceSegment, type JobContext, type JobDeps } from './segment-job.js';
import { SegmentError } from './segment-error.js';
import { SegmentList } from './segment-list.js';
import { TrackOutput, type EarlierRun, type Piece } from './track-output.js';
import type { GapRecord, StreamEvent, StreamSegment, TrackKind, TrackResult } from './types.js';

export interface TrackOptions {
  readonly kind: TrackKind;
  /** Absolute path of the track's file (written as `<output>.part` until the download is done). */
  readonly output: string;
  /** The track's language or name, for results and messages. */
  readonly label?: string | undefined;
  /** Write to this stream instead of a file (standard output): no resume. */
  readonly stream?: Writable | undefined;
  readonly playlistUrl: string;
  readonly live: boolean;
  readonly concurrency: number;
  readonly maxBufferBytes: number;
  readonly allowGaps: boolean;
  readonly restart: boolean;
  /** The variant's BANDWIDTH (bit/s): sizes segments before any has arrived. */
  readonly bandwidth?: number | undefined;
  readonly events: TypedEmitter<StreamEvent>;
}

const DEFAULT_SEGMENT_BYTES = 1 << 20;
const MAX_BATCH = 256;

export class Track {
  readonly list: SegmentList;
  readonly #options: TrackOptions;
  readonly #ctx: JobContext;
  readonly #controller: AbortController;
  readonly #out: TrackOutput;
  readonly #buffer: ReorderBuffer<Piece>;
  readonly #inFlight = new Map<number, number>();
  readonly #deferred: number[] = [];
  readonly #failedOnce = new Set<number>();
  readonly #startedAt = Date.now();
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

  private constructor(options: TrackOptions, deps: JobDeps, list: SegmentList, out: TrackOutput) {
    this.#options = options;
    this.list = list;
    this.#controller = new AbortController();
    // Every request in flight listens on this signal: more than EventTarget's default of 10.
    setMaxListeners(0, this.#controller.signal);
    this.#ctx = { ...deps, list, signal: this.#controller.signal, describe: (index) => this.describe(index) };
    this.#out = out;
    this.#nextStart = out.state.written;
    this.#buffer = new ReorderBuffer<Piece>(out.state.written);
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
  static async open(options: TrackOptions, deps: JobDeps, mediaUrl: string, segments: readonly StreamSegment[], earlier?: Promise<EarlierRun>): Promise<Track> {
    const out = await TrackOutput.open(options, mediaUrl, segments, earlier);
    const list = new SegmentList(options.live ? out.state.written : 0);
    if (!options.live) list.append(segments);
    if (!options.live || out.state.complete) list.finish();
    return new Track(options, deps, list, out);
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

  /** An earlier run finished this track: nothing is left to fetch or record. */
  get complete(): boolean {
    return this.#out.state.complete === true;
  }

  get resumed(): { segments: number; bytes: number } | undefined {
    return this.#out.resumedSegments > 0 ? { segments: this.#out.resumedSegments, bytes: this.#out.resumedBytes } : undefined;
  }

  /** Media sequence number the writer needs next (live: where a resumed recording goes on). */
  get nextSequence(): number {
    return this.#out.state.nextSequence;
  }

  /** Seconds of EXTINF listed so far (written, pending and gaps). */
  get listedSeconds(): number {
    let seconds = this.#out.timeline;
    for (let index = this.#out.state.written; index < this.list.length; index++) seconds += this.list.at(index).duration;
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
  append(segments: readonly StreamSegment[]): void {
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
    this.#out.addGap(gap);
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
        await this.#out.write(batch, this.list.length, this.#ctx.pool);
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

  #progress(): void {
    this.#options.events.emit({
      type: 'progress',
      progress: {
        track: this.#options.kind,
        output: this.#options.output,
        segmentsDone: this.#out.state.written,
        segmentsTotal: this.list.length,
        totalKnown: this.list.final,
        bytesWritten: this.#out.state.bytes,
        bytesFetched: this.#fetched,
        segmentsResumed: this.#out.resumedSegments,
        bytesResumed: this.#out.resumedBytes,
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
      void this.#out
        .stop()
        .catch(() => {})
        .finally(() => this.#reject(this.#fatal?.error));
      return;
    }
    if (!this.list.final || this.#out.state.written < this.list.length || this.#inFlight.size > 0) return;
    this.#settled = true;
    void this.#complete().then(this.#resolve, this.#reject);
  }

  async #complete(): Promise<TrackResult> {
    await this.#out.complete();
    const state = this.#out.state;
    return {
      kind: this.#options.kind,
      output: this.#options.stream ? '-' : this.#options.output,
      label: this.#options.label,
      segments: state.written - state.gaps.filter((gap) => gap.segment !== undefined).length,
      bytes: state.bytes,
      extinfSeconds: state.extinfSeconds,
      bytesFetched: this.#fetched,
      gaps: state.gaps,
      resumedSegments: this.#out.resumedSegments,
    };
  }
}

/** Failures worth another try later: transport, HTTP status, integrity. Bad input and bugs stop at once. */
function isSegmentFailure(error: unknown): boolean {
  if (!(error instanceof TrawlError)) return false;
  return ['TRAWL_ERR_NETWORK', 'TRAWL_ERR_TIMEOUT', 'TRAWL_ERR_HTTP_STATUS', 'TRAWL_ERR_INTEGRITY', 'TRAWL_ERR_BODY_TOO_LARGE', 'TRAWL_ERR_REDIRECT'].includes(error.code);
}
