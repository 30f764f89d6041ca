// One large file fetched as several byte ranges at once (`--split N`). The part file is
// preallocated to the full size and every range writes at its own offset. N workers share a
// list of segments:
//
//   0                                                                  size
//   [ seg 0: start..pos=====>....end )[ seg 1 ...=====>.......end )[ seg 2 ... )
//           on disk ^     ^ next byte      each worker owns one segment at a time
//
// A worker whose segment is done takes a segment nobody owns (after a resume there can be
// more than N), else steals the back half of the segment with the most bytes left (only when
// it has at least 2 x minSplitBytes left): the owner's `end` moves back and its request is cut
// when it gets there. So slow connections never leave the download waiting on one tail.
// Progress (bytes on disk per segment) is saved in the sidecar every checkpointMs, so a killed
// download resumes each range where it stopped. A 200 to a range request (the server ignored
// it, or the file changed under If-Range) ends the run with RangeRestart: start over.
import { setMaxListeners } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { IntegrityError } from '../../errors/integrity-error.js';
import { TrawlError, errorMessage } from '../../errors/trawl-error.js';
import type { StreamingResult } from '../../types/fetch.js';
import { backoffDelay, sleep } from '../../util/backoff.js';
import { describeResponse, parseContentRange, requestItem, type ActiveEntry, type Target, type TaskContext } from './context.js';
import type { DownloadItem } from './events.js';
import { PartWriter } from './part-file.js';
import { saveSidecar, type Sidecar, type SidecarSegment } from './sidecar.js';

/** The server did not honour a range request: the download must start over. */
export class RangeRestart extends Error {}

interface Segment {
  readonly start: number;
  end: number;
  /** Next byte to receive. */
  pos: number;
  busy: boolean;
  writer: PartWriter | undefined;
}

export interface SplitPlan {
  readonly size: number;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  /** Sent as If-Range with every range request; undefined when the server gave no validator. */
  readonly validator: string | undefined;
  /** Whether progress is saved for a later resume. */
  readonly checkpoints: boolean;
  readonly segments: readonly SidecarSegment[];
  /** A response already under way for the first segment (from `start`, maybe past its end). */
  readonly first: StreamingResult | undefined;
}

/** Equal slices of `size`, at most `ranges` of them and none smaller than `minBytes`. */
export function planSegments(size: number, ranges: number, minBytes: number): SidecarSegment[] {
  const count = Math.max(1, Math.min(ranges, Math.floor(size / minBytes)));
  const slice = Math.ceil(size / count);
  const segments: SidecarSegment[] = [];
  for (let start = 0; start < size; start += slice) segments.push({ start, end: Math.min(size, start + slice), pos: start });
  return segments;
}

export class SplitDownload {
  readonly #segments: Segment[];
  readonly #controller = new AbortController();
  #saving: Promise<void> = Promise.resolve();
  #failure: unknown;
  /** Bytes received in this run. */
  received = 0;

  constructor(
    private readonly ctx: TaskContext,
    private readonly item: DownloadItem,
    private readonly target: Target,
    /** The part, still opening while the first range requests go out. */
    private readonly handle: Promise<FileHandle>,
    private readonly plan: SplitPlan,
    private readonly active: ActiveEntry,
  ) {
    setMaxListeners(0, this.#controller.signal);
    this.#segments = plan.segments.map((s) => ({ start: s.start, end: s.end, pos: s.pos, busy: false, writer: undefined }));
    active.have = plan.segments.reduce((sum, s) => sum + (s.pos - s.start), 0);
    active.total = plan.size;
  }

  /** Fetches every missing byte; rejects with the first failure (progress saved) or RangeRestart. */
  async run(): Promise<void> {
    const outer = this.ctx.signal;
    const onAbort = (): void => this.#controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    if (outer?.aborted) onAbort();
    // The first save runs alongside the first requests: until it lands, a crash leaves a part
    // without a sidecar, which is simply downloaded again.
    if (this.plan.checkpoints) this.#checkpoint();
    const timer = this.plan.checkpoints ? setInterval(() => this.#checkpoint(), this.ctx.options.checkpointMs) : undefined;
    timer?.unref();
    const workers: Promise<void>[] = [];
    const first = this.plan.first ? this.#segments.find((s) => s.start === describeResponse(this.plan.first!).start) : undefined;
    if (first) first.busy = true;
    workers.push(this.#worker(first, this.plan.first));
    for (let i = 1; i < this.ctx.options.split; i++) workers.push(this.#worker(undefined, undefined));
    await Promise.all(workers);
    outer?.removeEventListener('abort', onAbort);
    if (timer) clearInterval(timer);
    if (this.#failure !== undefined) {
      if (this.plan.checkpoints && !(this.#failure instanceof RangeRestart)) this.#checkpoint();
      await this.#saving;
      throw this.#failure;
    }
    await this.#saving;
  }

  /** The sidecar for this download, promising only bytes whose writes completed. */
  sidecar(): Sidecar {
    return {
      version: 1,
      url: this.item.url,
      name: this.target.name,
      etag: this.plan.etag,
      lastModified: this.plan.lastModified,
      size: this.plan.size,
      segments: this.#segments
        .map((s) => ({ start: s.start, end: s.end, pos: Math.min(s.end, s.writer ? s.writer.durable : s.pos) }))
        .sort((a, b) => a.start - b.start),
    };
  }

  async #worker(segment: Segment | undefined, response: StreamingResult | undefined): Promise<void> {
    let current = segment ?? this.#take();
    let pending = response;
    while (current && this.#failure === undefined) {
      current.busy = true;
      this.#countRanges();
      try {
        await this.#fetch(current, pending);
      } catch (error) {
        if (this.#failure === undefined) {
          this.#failure = error;
          this.#controller.abort(error);
        }
        return;
      } finally {
        current.busy = false;
        this.#countRanges();
      }
      pending = undefined;
      current = this.#take();
    }
    pending?.body.destroy();
  }

  /** A segment nobody owns (largest first), else the back half of the busiest one. */
  #take(): Segment | undefined {
    let free: Segment | undefined;
    let victim: Segment | undefined;
    for (const s of this.#segments) {
      const left = s.end - s.pos;
      if (left <= 0) continue;
      if (!s.busy) {
        if (!free || left > free.end - free.pos) free = s;
      } else if (!victim || left > victim.end - victim.pos) {
        victim = s;
      }
    }
    if (free) return free;
    const minBytes = this.ctx.options.minSplitBytes;
    if (!victim || victim.end - victim.pos < 2 * minBytes) return undefined;
    const mid = victim.pos + Math.ceil((victim.end - victim.pos) / 2);
    const stolen: Segment = { start: mid, end: victim.end, pos: mid, busy: false, writer: undefined };
    victim.end = mid;
    this.#segments.push(stolen);
    return stolen;
  }

  /** Fills `segment` to its end (which may move back while this runs), request after request. */
  async #fetch(segment: Segment, first: StreamingResult | undefined): Promise<void> {
    const { ctx, item } = this;
    let response = first;
    let attempt = 0;
    while (segment.pos < segment.end) {
      try {
        response ??= await requestItem(ctx, item, {
          headers: {
            range: `bytes=${segment.pos}-${segment.end - 1}`,
            ...(this.plan.validator !== undefined ? { 'if-range': this.plan.validator } : {}),
          },
          signal: this.#controller.signal,
        });
        const range = response.status === 206 ? parseContentRange(response.headers['content-range']) : undefined;
        if (!range || range.start !== segment.pos || range.total !== this.plan.size) {
          response.body.destroy();
          throw new RangeRestart(`HTTP ${response.status} (${response.headers['content-range'] ?? 'no Content-Range'}) to a range request`);
        }
        // A response may end before the segment does (the bounded first request): the loop
        // asks for the rest.
        await this.#receive(segment, response, range.end);
        response = undefined;
      } catch (error) {
        response?.body.destroy();
        response = undefined;
        if (segment.writer) {
          await segment.writer.flush().catch(() => undefined);
          // Bytes received but not written are lost with the writer: fetch them again.
          segment.pos = Math.min(segment.pos, segment.writer.durable);
          segment.writer = undefined;
        }
        if (error instanceof RangeRestart || this.#controller.signal.aborted) throw error;
        if (!(error instanceof TrawlError) || !error.retryable || attempt >= ctx.options.bodyRetries) throw error;
        attempt++;
        const delayMs = backoffDelay(attempt, { baseMs: 250, maxMs: 5000 });
        ctx.emit({ type: 'retry', url: item.url, attempt: attempt + 1, delayMs, reason: errorMessage(error) });
        await sleep(delayMs, this.#controller.signal);
      }
    }
  }

  async #receive(segment: Segment, response: StreamingResult, responseEnd: number): Promise<void> {
    const writer = new PartWriter(this.handle, segment.pos);
    segment.writer = writer;
    for await (const chunk of response.body) {
      const room = segment.end - segment.pos;
      const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (piece.length > 0) {
        segment.pos += piece.length;
        this.received += piece.length;
        this.active.have += piece.length;
        this.ctx.received(piece.length);
        const wait = writer.push(piece);
        if (wait) await wait;
      }
      // Cut the request when the segment is done but the response goes on (a stolen tail, or
      // a first request that reached past the first segment); leaving the loop destroys the body.
      if (segment.pos >= segment.end && responseEnd > segment.end) break;
    }
    await writer.flush();
    segment.writer = undefined;
    if (segment.pos < Math.min(segment.end, responseEnd)) {
      throw new IntegrityError(this.item.url, `${this.target.name}: a range response ended at byte ${segment.pos}, before ${Math.min(segment.end, responseEnd)}`);
    }
  }

  #countRanges(): void {
    let busy = 0;
    for (const s of this.#segments) if (s.busy) busy++;
    this.active.ranges = Math.max(1, busy);
  }

  #checkpoint(): void {
    this.#saving = this.#saving
      .then(() => saveSidecar(this.target.sidecar, this.sidecar()))
      .catch((error: unknown) => {
        this.ctx.emit({ type: 'warning', message: `cannot save ${this.target.sidecar}: ${errorMessage(error)}` });
      });
  }
}
