// `trawl get` progress on stderr, in the one progress look (./progress/display.ts): on a
// terminal a row for the whole run (files done/total, bytes, speed, ETA) and one per active
// large download; elsewhere (logs, CI) a plain line every few seconds. Failures and restarts are
// noted as they happen, each saved file and retry too with -v; the summary names every failure.
import type { Downloader } from '../media/get/downloader.js';
import type { ActiveDownload, DownloadEvent, DownloadStats, DownloadSummary } from '../media/get/events.js';
import { errorMessage } from '../errors/trawl-error.js';
import { formatBytes, formatDuration } from '../util/bytes.js';
import { reasonFor } from './log/reason.js';
import { info, LIVE_INTERVAL_MS, PLAIN_INTERVAL_MS, ProgressDisplay, type Row } from './progress/display.js';

const MAX_FAILURE_LINES = 20;
/** Downloads at least this large get a row of their own. */
const BAR_MIN_BYTES = 1024 * 1024;
const MAX_FILE_BARS = 8;

export class GetProgress {
  readonly #level: number;
  #timer: NodeJS.Timeout | undefined;
  #downloader: Downloader | undefined;
  #display: ProgressDisplay | undefined;
  #fileRows = new Set<string>();
  #failureLines = 0;
  readonly #shownFailures = new Set<string>();
  #lastBytes = 0;
  #lastAt = 0;
  #speed = 0;
  /** Sizes of finished files, to guess what the unstarted ones weigh. */
  #doneBytes = 0;
  #doneFiles = 0;

  /** The reason a Ctrl-C aborts with: downloads ended by it are interrupted, not failed. */
  interruption: unknown;

  /** `level`: -1 quiet (-q), 0 normal, 1 or more: a line per saved file and per retry (-v). */
  constructor(
    private readonly out: NodeJS.WriteStream,
    level: number,
  ) {
    this.#level = level;
  }

  async start(downloader: Downloader): Promise<void> {
    this.#downloader = downloader;
    this.#lastAt = Date.now();
    this.#display = await ProgressDisplay.open(this.out, { quiet: this.#level < 0 });
    if (this.#level < 0) return;
    this.#timer = setInterval(() => this.#tick(), this.#display.live ? LIVE_INTERVAL_MS : PLAIN_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#display?.stop();
  }

  note(message: string): void {
    const line = `trawl: ${message}`;
    if (this.#display) this.#display.log(line);
    else this.out.write(`${line}\n`);
  }

  event(event: DownloadEvent): void {
    switch (event.type) {
      case 'file-done':
        this.#doneBytes += event.result.size;
        this.#doneFiles++;
        if (this.#level >= 1) this.note(`${event.result.outcome === 'skipped' ? 'already there' : 'saved'}: ${event.result.path} (${formatBytes(event.result.size)})`);
        break;
      case 'retry':
        if (this.#level >= 1) this.note(`retry ${event.attempt - 1} in ${formatDuration(event.delayMs)}: ${event.url}: ${event.reason}`);
        break;
      case 'file-failed':
        if (event.error === this.interruption && this.interruption !== undefined) break;
        this.#failureLines++;
        if (this.#failureLines <= MAX_FAILURE_LINES) {
          this.#shownFailures.add(event.url);
          this.note(`failed: ${event.url}${placeOf(event.place)}: ${reasonFor(event.url, event.reason)}`);
        }
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
    // Each failure once: those not shown as they happened.
    for (const failure of failed) {
      if (this.#shownFailures.has(failure.url)) continue;
      lines.push(`trawl: failed: ${failure.url}${placeOf(failure.place)}: ${reasonFor(failure.url, errorMessage(failure.error))}`);
    }
    for (const failure of interrupted) lines.push(`trawl: interrupted: ${failure.url}${placeOf(failure.place)}`);
    if (stopped) lines.push('trawl: run the same command again to resume');
    if (badLines > 0) lines.push(`trawl: ${badLines} bad list line(s) skipped (listed above)`);
    this.out.write(`${lines.join('\n')}\n`);
  }

  #tick(): void {
    const downloader = this.#downloader;
    const display = this.#display;
    if (!downloader || !display) return;
    const stats = downloader.stats;
    const active = downloader.active();
    const now = Date.now();
    const instant = ((stats.bytes - this.#lastBytes) * 1000) / Math.max(1, now - this.#lastAt);
    this.#speed = this.#speed === 0 ? instant : this.#speed * 0.7 + instant * 0.3;
    this.#lastBytes = stats.bytes;
    this.#lastAt = now;
    const finished = stats.ok + stats.skipped + stats.failed;
    const eta = this.#eta(stats, active);
    // Files under way count by the share of their bytes already here.
    let partial = 0;
    for (const download of active) if (download.total) partial += Math.min(1, download.have / download.total);
    const main: Row = {
      label: 'get',
      bar: true,
      value: finished + partial,
      total: Math.max(1, stats.total),
      info: info(
        `${finished}/${stats.total} files`,
        formatBytes(stats.bytes),
        `${formatBytes(this.#speed)}/s`,
        `ETA ${eta === undefined ? '--' : formatDuration(eta)}`,
        stats.failed > 0 && display.alarm(`${stats.failed} failed`),
        formatDuration(now - stats.startedAt),
      ),
    };
    if (!display.live) {
      display.plain([main]);
      return;
    }
    display.set('get', main);
    this.#fileRowsOf(active, display);
  }

  #fileRowsOf(active: readonly ActiveDownload[], display: ProgressDisplay): void {
    const shown = new Set<string>();
    for (const download of active) {
      if ((download.total ?? download.have) < BAR_MIN_BYTES) continue;
      const key = `file:${download.url}`;
      if (!this.#fileRows.has(key) && this.#fileRows.size >= MAX_FILE_BARS) continue;
      shown.add(key);
      this.#fileRows.add(key);
      display.set(key, {
        label: download.name,
        bar: true,
        value: download.have,
        total: Math.max(1, download.total ?? download.have),
        info: info(`${formatBytes(download.have)}${download.total === undefined ? '' : ` of ${formatBytes(download.total)}`}`, download.ranges > 1 && `${download.ranges} ranges`),
      });
    }
    display.prune('file:', shown);
    this.#fileRows = shown;
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
