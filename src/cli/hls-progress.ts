// Stream download progress (stream, hls) on stderr, in the one progress look
// (./progress/display.ts): on a terminal a row per track (segments done/total, bytes, speed,
// ETA), a plain line every few seconds otherwise (logs, CI); notes, warnings and gaps as lines of
// their own, the first retries too (every one with -v).
import type { HlsEvent, HlsProgress } from '../hls/index.js';
import { formatBytes, formatDuration } from '../util/bytes.js';
import { info, PLAIN_INTERVAL_MS, ProgressDisplay, type Row } from './progress/display.js';

const MAX_RETRY_LINES = 10;

export interface HlsProgressView {
  event(event: HlsEvent): void;
  note(message: string): void;
  stop(): void;
}

/** `level`: -1 quiet (-q), 0 normal, 1 or more: every retry (-v). */
export async function createHlsProgress(out: NodeJS.WriteStream, level: number): Promise<HlsProgressView> {
  return new HlsProgressDisplay(level, await ProgressDisplay.open(out, { quiet: level < 0 }));
}

class HlsProgressDisplay implements HlsProgressView {
  readonly #tracks = new Map<string, HlsProgress | undefined>();
  #timer: NodeJS.Timeout | undefined;
  #retryLines = 0;

  constructor(
    private readonly level: number,
    private readonly display: ProgressDisplay,
  ) {}

  private get quiet(): boolean {
    return this.level < 0;
  }

  event(event: HlsEvent): void {
    switch (event.type) {
      case 'note':
        if (!this.quiet) this.note(event.message);
        break;
      case 'warning':
        this.note(`warning: ${event.message}`);
        break;
      case 'gap':
        this.note(
          `gap: ${event.gap.segment !== undefined ? `segment ${event.gap.segment}` : 'segments'} (media sequence ${event.gap.firstSequence}` +
            `${event.gap.lastSequence !== event.gap.firstSequence ? `-${event.gap.lastSequence}` : ''}) at ${event.gap.startSeconds.toFixed(1)}s: ${event.gap.reason}`,
        );
        break;
      case 'retry':
        this.#retryLines++;
        if (!this.quiet && (this.level >= 1 || this.#retryLines <= MAX_RETRY_LINES)) this.note(`retry ${event.attempt - 1} in ${formatDuration(event.delayMs)}: ${event.reason}`);
        break;
      case 'refresh':
        if (!this.quiet) this.note(`re-fetching the playlist (an URL has expired?): ${event.reason}`);
        break;
      case 'remux':
        if (!this.quiet) this.note(`remuxing ${event.from} -> ${event.to} with ffmpeg`);
        break;
      case 'track-start':
        this.#startTrack(event);
        break;
      case 'progress':
        this.#progress(event.progress);
        break;
    }
  }

  note(message: string): void {
    this.display.log(`trawl: ${message}`);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.display.stop();
  }

  #startTrack(event: Extract<HlsEvent, { type: 'track-start' }>): void {
    if (event.resumed) {
      this.note(`resuming ${event.output}: ${event.resumed.segments} segments (${formatBytes(event.resumed.bytes)}) already written`);
    }
    this.#tracks.set(event.track, undefined);
    if (this.quiet) return;
    this.display.set(`track:${event.track}`, { label: event.track, bar: true, value: event.resumed?.segments ?? 0, total: Math.max(1, event.segments), info: `0/${event.segments} segments` });
    if (!this.display.live && !this.#timer) {
      this.#timer = setInterval(() => this.display.plain(this.#rows()), PLAIN_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  #progress(progress: HlsProgress): void {
    this.#tracks.set(progress.track, progress);
    if (this.display.live) this.display.set(`track:${progress.track}`, this.#row(progress));
  }

  #rows(): Row[] {
    return [...this.#tracks.values()].filter((progress): progress is HlsProgress => progress !== undefined).map((progress) => this.#row(progress));
  }

  #row(p: HlsProgress): Row {
    const seconds = (Date.now() - p.startedAt) / 1000;
    const rate = seconds > 0 ? (p.segmentsDone - p.segmentsResumed) / seconds : 0;
    const left = p.segmentsTotal - p.segmentsDone;
    const eta = p.totalKnown && rate > 0 ? formatDuration((left / rate) * 1000) : '--';
    const speed = seconds > 0 ? `${(p.bytesFetched / 1e6 / seconds).toFixed(1)} MB/s` : '--';
    return {
      label: p.track,
      bar: true,
      value: p.segmentsDone,
      total: Math.max(1, p.segmentsTotal),
      info: info(`${p.segmentsDone}/${p.segmentsTotal}${p.totalKnown ? '' : '+'} segments`, formatBytes(p.bytesWritten), speed, `ETA ${eta}`),
    };
  }
}
