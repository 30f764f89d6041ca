// A crawl's text log on stderr, in the one progress look (./progress/display.ts): a live row on
// a terminal — with a row per host and per worker when the terminal is wide, or with -v — and a
// plain line every few seconds otherwise; failures as they happen (each once), retries with -v,
// every request with -vv; the summary at the end.
import type { CrawlSummary } from '../engine/crawler.js';
import type { CrawlEvent, CrawlStats } from '../types/events.js';
import type { FailedRecord } from '../types/frontier.js';
import { formatBytes, formatDuration } from '../util/bytes.js';
import { reasonFor } from './log/reason.js';
import { closingLines, type CrawlLog, type CrawlSources, type JobRef } from './log/crawl-log.js';
import { HostTally } from './log/host-tally.js';
import { writeLinesThrough } from './log/lines.js';
import { info, LIVE_INTERVAL_MS, PLAIN_INTERVAL_MS, ProgressDisplay, type Row } from './progress/display.js';

const MAX_FAILURE_LINES = 20;
/** A terminal at least this wide shows per-host and per-worker rows without -v. */
const WIDE_COLUMNS = 120;
const MAX_HOST_ROWS = 5;

export class CrawlProgress implements CrawlLog {
  readonly hosts = new HostTally();
  readonly #out: NodeJS.WriteStream;
  readonly #display: ProgressDisplay;
  readonly #level: number;
  #timer: NodeJS.Timeout | undefined;
  #sources: CrawlSources | undefined;
  /** URLs whose failure was printed as it happened: the summary does not repeat them. */
  readonly #shownFailures = new Set<string>();
  #failureLines = 0;
  #lastDone = 0;
  #lastAt = Date.now();
  #rate = 0;

  constructor(out: NodeJS.WriteStream, display: ProgressDisplay, level: number) {
    this.#out = out;
    this.#display = display;
    this.#level = level;
  }

  /** `level`: -1 quiet, 0 normal, 1 -v, 2 -vv. */
  static async open(out: NodeJS.WriteStream, level: number): Promise<CrawlProgress> {
    return new CrawlProgress(out, await ProgressDisplay.open(out, { quiet: level < 0 }), level);
  }

  start(sources: CrawlSources): void {
    this.#sources = sources;
    if (this.#level < 0) return;
    if (this.#display.live) writeLinesThrough((line) => this.#display.log(line));
    this.#timer = setInterval(() => this.#tick(), this.#display.live ? LIVE_INTERVAL_MS : PLAIN_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#display.stop();
    writeLinesThrough(undefined);
  }

  note(message: string): void {
    this.#display.log(`trawl: ${message}`);
  }

  event(event: CrawlEvent): void {
    this.hosts.event(event);
    switch (event.type) {
      case 'request-failed':
        this.#failureLines++;
        if (this.#failureLines <= MAX_FAILURE_LINES) {
          this.#shownFailures.add(event.url);
          this.note(`failed: ${event.url}: ${reasonFor(event.url, event.reason)}`);
        } else if (this.#failureLines === MAX_FAILURE_LINES + 1) {
          this.note('more failures: see the summary');
        }
        break;
      case 'warning':
        this.note(event.message);
        break;
      case 'fetch-retry':
        if (this.#level >= 1) {
          this.note(`retry ${event.attempt - 1} in ${formatDuration(event.delayMs)}: ${event.url}: ${reasonFor(event.url, event.reason)}`);
        }
        break;
      case 'request-retry':
        if (this.#level >= 1) this.note(`retry ${event.attempt} (handler): ${event.url}: ${reasonFor(event.url, event.reason)}`);
        break;
      case 'request':
        if (this.#level >= 2) this.note(`${event.method} ${event.status || event.code || 'error'} ${event.url} (${event.ms} ms)`);
        break;
      default:
        break;
    }
  }

  summary(summary: CrawlSummary, failures: readonly FailedRecord[], job: JobRef, role: 'owner' | 'worker' = 'owner'): void {
    const rate = summary.seconds > 0 ? summary.done / summary.seconds : 0;
    const ended = summary.stoppedBy === 'finished' || summary.stoppedBy === 'stopped' ? summary.stoppedBy : `stopped (${summary.stoppedBy})`;
    const lines = [
      `${ended} in ${formatDuration(summary.seconds * 1000)}: ${summary.done} pages, ${summary.items} items, ${summary.failed} failed, ` +
        `${summary.retried} retried, ${summary.requests} requests, ${formatBytes(summary.bytes)}, ${rate.toFixed(1)} pages/s`,
    ];
    const errors = Object.entries(summary.errors);
    if (errors.length > 0) lines.push(`errors: ${errors.map(([code, n]) => `${code} ${n}`).join(', ')}`);
    for (const failure of failures) {
      if (!this.#shownFailures.has(failure.url)) lines.push(`failed: ${failure.url}: ${reasonFor(failure.url, failure.reason)}`);
    }
    lines.push(...closingLines(summary, job, role));
    this.#out.write(lines.map((line) => `trawl: ${line}\n`).join(''));
  }

  /** The rows of the display, as they stand now. */
  rows(stats: CrawlStats, now = Date.now()): Row[] {
    const instant = ((stats.done - this.#lastDone) * 1000) / Math.max(1, now - this.#lastAt);
    this.#rate = this.#rate === 0 ? instant : this.#rate * 0.7 + instant * 0.3;
    this.#lastDone = stats.done;
    this.#lastAt = now;
    this.hosts.tick(now);
    const queued = stats.pending + stats.inFlight;
    const paint = this.#display;
    const rows: Row[] = [
      {
        label: 'crawl',
        bar: true,
        value: stats.done + stats.failed,
        total: stats.done + stats.failed + queued,
        info: info(
          `${stats.done} done`,
          `${queued} queued`,
          `${this.#rate.toFixed(1)} pages/s`,
          `${stats.items} items`,
          stats.failed > 0 ? paint.alarm(`${stats.failed} failed`) : '0 failed',
          `${stats.retried} retries`,
          formatBytes(stats.bytes),
          formatDuration(now - stats.startedAt),
        ),
      },
    ];
    const detail = this.#level >= 1 || (this.#display.live && (this.#out.columns ?? 0) >= WIDE_COLUMNS);
    if (!detail) return rows;
    const throttle = new Map((this.#sources?.throttle?.() ?? []).map((state) => [hostOf(state.origin), state]));
    for (const [host, figures] of this.hosts.hosts().slice(0, MAX_HOST_ROWS)) {
      const state = this.#level >= 1 ? throttle.get(host) : undefined;
      rows.push({
        label: host,
        bar: false,
        value: 0,
        total: 0,
        info: info(
          `${figures.requests} requests`,
          `${figures.rate.toFixed(1)}/s`,
          figures.failed > 0 && paint.alarm(`${figures.failed} failed`),
          figures.retries > 0 && `${figures.retries} retries`,
          state && `${state.inFlight}/${state.limit} in flight, ${state.delayMs} ms delay, ${state.latencyMs} ms latency`,
        ),
      });
    }
    const workers = this.#sources?.rates?.() ?? [];
    if (workers.length > 1) {
      workers.forEach((worker, index) => {
        rows.push({ label: `worker ${index + 1}`, bar: false, value: 0, total: 0, info: info(`${worker.done} pages`, `${worker.rate.toFixed(1)} pages/s`, worker.host) });
      });
    }
    return rows;
  }

  #tick(): void {
    const stats = this.#sources?.stats();
    if (!stats) return;
    const rows = this.rows(stats);
    if (!this.#display.live) {
      this.#display.plain(rows);
      return;
    }
    const keys = new Set<string>();
    rows.forEach((row, index) => {
      const key = index === 0 ? 'crawl' : `row:${row.label}`;
      keys.add(key);
      this.#display.set(key, row);
    });
    this.#display.prune('row:', keys);
  }
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
