// HLS download progress on stderr: a cli-progress bar on a terminal (segments done/total,
// bytes, speed, ETA), a plain line every few seconds otherwise (logs, CI); notes, warnings and
// gaps as lines of their own. cli-progress is loaded only when there is a terminal to draw on.
import type { HlsEvent, HlsProgress } from '../hls/index.js';
import { formatBytes, formatDuration } from '../util/bytes.js';

const PLAIN_INTERVAL_MS = 5000;
const MAX_RETRY_LINES = 10;

export interface HlsProgressView {
  event(event: HlsEvent): void;
  note(message: string): void;
  stop(): void;
}

interface BarLike {
  update(value: number, payload: Record<string, string>): void;
  setTotal(total: number): void;
}
interface MultiBarLike {
  create(total: number, start: number, payload: Record<string, string>): BarLike;
  log(text: string): void;
  update(): void;
  stop(): void;
}

export async function createHlsProgress(out: NodeJS.WriteStream, quiet: boolean): Promise<HlsProgressView> {
  if (!quiet && out.isTTY === true) {
    const { default: cliProgress } = await import('cli-progress');
    const multi = new cliProgress.MultiBar(
      {
        stream: out,
        format: '{track} [{bar}] {value}/{total} segments | {bytes} | {speed} | ETA {eta_formatted}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        gracefulExit: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    ) as unknown as MultiBarLike;
    return new HlsProgressDisplay(out, quiet, multi);
  }
  return new HlsProgressDisplay(out, quiet, undefined);
}

class HlsProgressDisplay implements HlsProgressView {
  #bar: BarLike | undefined;
  #track = '';
  #last: HlsProgress | undefined;
  #timer: NodeJS.Timeout | undefined;
  #retryLines = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
    private readonly multi: MultiBarLike | undefined,
  ) {}

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
        if (!this.quiet && this.#retryLines <= MAX_RETRY_LINES) this.note(`retry ${event.attempt - 1} in ${formatDuration(event.delayMs)}: ${event.reason}`);
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
    const line = `trawl: ${message}`;
    if (this.#bar && this.multi) {
      this.multi.log(`${line}\n`);
      this.multi.update();
    } else {
      this.out.write(`${line}\n`);
    }
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.multi && this.#bar) this.multi.stop();
    this.#bar = undefined;
  }

  #startTrack(event: Extract<HlsEvent, { type: 'track-start' }>): void {
    this.#track = event.track;
    this.#last = undefined;
    if (event.resumed) {
      this.note(`resuming ${event.output}: ${event.resumed.segments} segments (${formatBytes(event.resumed.bytes)}) already written`);
    }
    if (this.quiet) return;
    if (this.multi) {
      if (this.#bar) this.multi.stop();
      this.#bar = this.multi.create(Math.max(1, event.segments), event.resumed?.segments ?? 0, this.#payload(undefined));
    } else if (!this.#timer) {
      this.#timer = setInterval(() => this.#plainLine(), PLAIN_INTERVAL_MS);
      this.#timer.unref();
    }
  }

  #progress(progress: HlsProgress): void {
    this.#last = progress;
    if (!this.#bar) return;
    this.#bar.setTotal(Math.max(1, progress.segmentsTotal));
    this.#bar.update(progress.segmentsDone, this.#payload(progress));
  }

  #payload(progress: HlsProgress | undefined): Record<string, string> {
    if (!progress) return { track: this.#track, bytes: '0 B', speed: '--' };
    const seconds = (Date.now() - progress.startedAt) / 1000;
    const speed = seconds > 0 ? `${(progress.bytesFetched / 1e6 / seconds).toFixed(1)} MB/s` : '--';
    return { track: progress.track, bytes: formatBytes(progress.bytesWritten), speed };
  }

  #plainLine(): void {
    const p = this.#last;
    if (!p) return;
    const seconds = (Date.now() - p.startedAt) / 1000;
    const rate = seconds > 0 ? (p.segmentsDone - p.segmentsResumed) / seconds : 0;
    const left = p.segmentsTotal - p.segmentsDone;
    const eta = p.totalKnown && rate > 0 ? formatDuration((left / rate) * 1000) : '--';
    const speed = seconds > 0 ? (p.bytesFetched / 1e6 / seconds).toFixed(1) : '0.0';
    this.out.write(
      `trawl: ${p.track} ${p.segmentsDone}/${p.segmentsTotal}${p.totalKnown ? '' : '+'} segments, ${formatBytes(p.bytesWritten)}, ${speed} MB/s, ETA ${eta}\n`,
    );
  }
}
