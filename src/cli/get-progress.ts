// `trawl get` progress on stderr. On a terminal: cli-progress bars — one for the whole run
// (files done/total, bytes, speed, ETA) and one per active large download; elsewhere (logs,
// CI): a plain line every few seconds. Failures and restarts are noted as they happen; the
// summary names every failure. cli-progress is loaded only when a terminal will show it.
import type { MultiBar, SingleBar } from 'cli-progress';
import type { Downloader } from '../media/get/downloader.js';
import type { ActiveDownload, DownloadEvent, DownloadStats, DownloadSummary } from '../media/get/events.js';
import { errorMessage } from '../errors/trawl-error.js';
import { formatBytes, formatDuration } from '../util/bytes.js';

const TTY_INTERVAL_MS = 200;
const PLAIN_INTERVAL_MS = 5000;
const MAX_FAILURE_LINES = 20;
/** Downloads at least this large get a bar of their own. */
const BAR_MIN_BYTES = 1024 * 1024;
const MAX_FILE_BARS = 8;

export class GetProgress {
  readonly #tty: boolean;
  #timer: NodeJS.Timeout | undefined;
  #downloader: Downloader | undefined;
  #multi: MultiBar | undefined;
  #totalBar: SingleBar | undefined;
  readonly #fileBars = new Map<string, SingleBar>();
  #failureLines = 0;
  #lastBytes = 0;
  #lastAt = 0;
  #speed = 0;
  /** Sizes of finished files, to guess what the unstarted ones weigh. */
  #doneBytes = 0;
  #doneFiles = 0;

  /** The reason a Ctrl-C aborts with: downloads ended by it are interrupted, not failed. */
  interruption: unknown;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
  ) {
    this.#tty = out.isTTY === true && !quiet;
  }

  async start(downloader: Downloader): Promise<void> {
    this.#downloader = downloader;
    this.#lastAt = Date.now();
    if (this.quiet) return;
    if (this.#tty) {
      // A CommonJS module: its exports may come as `default` once bundled.
      const loaded = (await import('cli-progress')) as typeof import('cli-progress') & { default?: typeof import('cli-progress') };
      const Bars = loaded.MultiBar ?? loaded.default!.MultiBar;
      this.#multi = new Bars({
        stream: this.out,
        format: '{label} {bar} {percentage}% | {info}',
        barsize: 24,
        hideCursor: true,
        gracefulExit: false,
        clearOnComplete: true,
        autopadding: true,
        fps: 5,
      });
      this.#totalBar = this.#multi.create(1, 0, { label: 'total', info: '' });
    }
    this.#timer = setInterval(() => this.#tick(), this.#tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    if (this.#multi) {
      this.#tick();
      this.#multi.stop();
      this.#multi = undefined;
    }
  }

  note(message: string): void {
    const line = `trawl: ${message}`;
    if (this.#multi) this.#multi.log(`${line}\n`);
    else this.out.write(`${line}\n`);
  }

  event(event: DownloadEvent): void {
    switch (event.type) {
      case 'file-done':
        this.#doneBytes += event.result.size;
        this.#doneFiles++;
        break;
      case 'file-failed':
        if (event.error === this.interruption && this.interruption !== undefined) break;
        this.#failureLines++;
        if (this.#failureLines <= MAX_FAILURE_LINES) this.note(`failed: ${event.url}${placeOf(event.place)}: ${event.reason}`);
        else if (this.#failureLines === MAX_FAILURE_LINES + 1) this.note('more failures: see the summary');
        break;
      case 'restart':
        this.note(`starting ${event.path} over: ${event.reason}`);
        break;
      case 'warning':
        this.note(event.message);
        break;
      default:
        break;
    }
  }

  summary(summary: DownloadSummary, badLines: number): void {
    const rate = summary.seconds > 0 ? summary.bytes / 1e6 / summary.seconds : 0;
    const interrupted = summary.failures.filter((f) => this.interruption !== undefined && f.error === this.interruption);
    const failed = summary.failures.filter((f) => !interrupted.includes(f));
    const stopped = summary.stopped || interrupted.length > 0;
    const lines = [
      `trawl: ${stopped ? 'stopped' : 'finished'} in ${formatDuration(summary.seconds * 1000)}: ` +
        `${summary.ok} ok, ${summary.skipped} skipped, ${failed.length} failed` +
        `${interrupted.length > 0 ? `, ${interrupted.length} interrupted` : ''}, ${formatBytes(summary.bytes)}, ${rate.toFixed(1)} MB/s`,
    ];
    for (const failure of failed) {
      lines.push(`trawl: failed: ${failure.url}${placeOf(failure.place)}: ${errorMessage(failure.error)}`);
    }
    for (const failure of interrupted) lines.push(`trawl: interrupted: ${failure.url}${placeOf(failure.place)}`);
    if (stopped) lines.push('trawl: run the same command again to resume');
    if (badLines > 0) lines.push(`trawl: ${badLines} bad list line(s) skipped (listed above)`);
    this.out.write(`${lines.join('\n')}\n`);
  }

  #tick(): void {
    const downloader = this.#downloader;
    if (!downloader) return;
    const stats = downloader.stats;
    const active = downloader.active();
    const now = Date.now();
    const instant = ((stats.bytes - this.#lastBytes) * 1000) / Math.max(1, now - this.#lastAt);
    this.#speed = this.#speed === 0 ? instant : this.#speed * 0.7 + instant * 0.3;
    this.#lastBytes = stats.bytes;
    this.#lastAt = now;
    const finished = stats.ok + stats.skipped + stats.failed;
    const eta = this.#eta(stats, active);
    const info =
      `${finished}/${stats.total} files | ${formatBytes(stats.bytes)} | ${formatBytes(this.#speed)}/s | ` +
      `ETA ${eta === undefined ? '--' : formatDuration(eta)}${stats.failed > 0 ? ` | ${stats.failed} failed` : ''}`;
    if (!this.#multi) {
      this.out.write(`trawl: ${info} | ${formatDuration(now - stats.startedAt)}\n`);
      return;
    }
    // Files under way count by the share of their bytes already here.
    let partial = 0;
    for (const download of active) if (download.total) partial += Math.min(1, download.have / download.total);
    this.#totalBar?.setTotal(Math.max(1, stats.total));
    this.#totalBar?.update(finished + partial, { info });
    this.#syncFileBars(active);
  }

  #syncFileBars(active: readonly ActiveDownload[]): void {
    const multi = this.#multi!;
    const shown = new Set<string>();
    for (const download of active) {
      if ((download.total ?? download.have) < BAR_MIN_BYTES) continue;
      if (!this.#fileBars.has(download.url) && this.#fileBars.size >= MAX_FILE_BARS) continue;
      shown.add(download.url);
      const total = Math.max(1, download.total ?? download.have);
      const info = `${formatBytes(download.have)}${download.total === undefined ? '' : ` of ${formatBytes(download.total)}`}` +
        (download.ranges > 1 ? ` | ${download.ranges} ranges` : '');
      const label = shorten(download.name, 24);
      let bar = this.#fileBars.get(download.url);
      if (!bar) {
        bar = multi.create(total, download.have, { label, info });
        this.#fileBars.set(download.url, bar);
      }
      bar.setTotal(total);
      bar.update(download.have, { label, info });
    }
    for (const [url, bar] of this.#fileBars) {
      if (shown.has(url)) continue;
      multi.remove(bar);
      this.#fileBars.delete(url);
    }
  }

  /** Milliseconds left at the current speed, guessing unstarted files weigh the average. */
  #eta(stats: DownloadStats, active: readonly ActiveDownload[]): number | undefined {
    if (this.#speed <= 0) return undefined;
    let known = this.#doneBytes;
    let count = this.#doneFiles;
    let left = 0;
    for (const download of active) {
      if (download.total === undefined) continue;
      known += download.total;
      count++;
      left += Math.max(0, download.total - download.have);
    }
    if (count === 0) return undefined;
    const unstarted = Math.max(0, stats.total - stats.ok - stats.skipped - stats.failed - active.length);
    left += (unstarted * known) / count;
    return (left / this.#speed) * 1000;
  }
}

function placeOf(place: string | undefined): string {
  return place ? ` (${place})` : '';
}

function shorten(name: string, max: number): string {
  const chars = [...name];
  return chars.length <= max ? name.padEnd(max) : `${chars.slice(0, max - 1).join('')}…`;
}
