// Crawl progress on stderr: a live status line on a terminal, a plain line every few seconds
// otherwise (logs, CI), failure notices as they happen, and the final summary.
import type { CrawlSummary } from '../engine/crawler.js';
import type { CrawlEvent, CrawlStats } from '../types/events.js';
import type { FailedRecord } from '../types/frontier.js';
import { formatBytes, formatDuration } from '../util/bytes.js';
import type { WorkerRate } from './job-progress.js';
import type { ThrottleState } from '../http/auto-throttle.js';

const TTY_INTERVAL_MS = 200;
const PLAIN_INTERVAL_MS = 5000;
const MAX_FAILURE_LINES = 20;

export class CrawlProgress {
  readonly #tty: boolean;
  #timer: NodeJS.Timeout | undefined;
  #read: (() => CrawlStats) | undefined;
  #rates: (() => WorkerRate[]) | undefined;
  #hosts: (() => readonly ThrottleState[]) | undefined;
  #lineShown = false;
  #failureLines = 0;
  #lastDone = 0;
  #lastAt = Date.now();
  #rate = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet: boolean,
    private readonly verbose = false,
  ) {
    this.#tty = out.isTTY === true && !quiet;
  }

  /** `rates`: per-worker rates of a job with several workers (shown with -v or on a wide terminal). */
  start(read: () => CrawlStats, rates?: () => WorkerRate[], hosts?: () => readonly ThrottleState[]): void {
    this.#read = read;
    this.#rates = rates;
    this.#hosts = hosts;
    if (this.quiet) return;
    this.#timer = setInterval(() => this.#tick(), this.#tty ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#clearLine();
  }

  note(message: string): void {
    this.#clearLine();
    this.out.write(`trawl: ${message}\n`);
  }

  event(event: CrawlEvent): void {
    if (event.type === 'request-failed') {
      this.#failureLines++;
      if (this.#failureLines <= MAX_FAILURE_LINES) this.note(`failed: ${event.url}: ${event.reason}`);
      else if (this.#failureLines === MAX_FAILURE_LINES + 1) this.note('more failures: see the summary');
    } else if (event.type === 'warning') {
      this.note(event.message);
    }
  }

  /** `job.removed`: the job's state is deleted after this summary (nothing to continue). */
  summary(summary: CrawlSummary, failures: readonly FailedRecord[], job: { name: string; named: boolean; removed?: boolean }, role: 'owner' | 'worker' = 'owner'): void {
    const rate = summary.seconds > 0 ? summary.done / summary.seconds : 0;
    const lines = [
      `trawl: ${summary.stoppedBy === 'finished' || summary.stoppedBy === 'stopped' ? summary.stoppedBy : `stopped (${summary.stoppedBy})`} in ${formatDuration(summary.seconds * 1000)}: ` +
        `${summary.done} pages, ${summary.items} items, ${summary.failed} failed, ${summary.retried} retried, ` +
        `${formatBytes(summary.bytes)}, ${rate.toFixed(1)} pages/s`,
    ];
    const errors = Object.entries(summary.errors);
    if (errors.length > 0) lines.push(`trawl: errors: ${errors.map(([code, n]) => `${code} ${n}`).join(', ')}`);
    if (summary.failedTotal > 0) {
      for (const failure of failures) lines.push(`trawl: failed: ${failure.url}: ${failure.reason}`);
      lines.push(
        `trawl: ${summary.failedTotal} request(s) failed for good; they are saved: retry them with --job ${job.name} --retry-failed`,
      );
    }
    if (summary.stoppedBy !== 'finished' && summary.pending > 0 && role === 'owner') {
      lines.push(
        job.removed === true
          ? `trawl: ${summary.pending} request(s) not fetched; this run's state is removed (give --job <name> to keep a crawl's state and continue it)`
          : `trawl: ${summary.pending} request(s) not yet fetched: continue with --job ${job.name}`,
      );
    }
    this.out.write(`${lines.join('\n')}\n`);
  }

  #tick(): void {
    const stats = this.#read?.();
    if (!stats) return;
    const now = Date.now();
    const instant = ((stats.done - this.#lastDone) * 1000) / Math.max(1, now - this.#lastAt);
    this.#rate = this.#rate === 0 ? instant : this.#rate * 0.7 + instant * 0.3;
    this.#lastDone = stats.done;
    this.#lastAt = now;
    const errors = Object.values(stats.errors).reduce((a, b) => a + b, 0);
    let line =
      `${stats.done} done · ${stats.pending + stats.inFlight} queued · ${stats.failed} failed · ` +
      `${this.#rate.toFixed(1)} pages/s · ${stats.items} items · ${errors} errors · ${formatDuration(now - stats.startedAt)}`;
    const rates = this.#rates?.();
    const columns = this.out.columns ?? 0;
    if (rates && rates.length > 1 && (this.verbose || (this.#tty && columns >= 140))) {
      line += ` · workers ${rates.map((worker, i) => `${i + 1}:${worker.rate.toFixed(0)}/s`).join(' ')}`;
    }
    // --auto-throttle with -v: where the busiest hosts have settled.
    const hosts = this.verbose ? (this.#hosts?.() ?? []) : [];
    for (const host of hosts.slice(0, 2)) {
      line += ` · ${new URL(host.origin).host} ${host.inFlight}/${host.limit} in flight, ${host.delayMs} ms delay, ${host.latencyMs} ms latency`;
    }
    if (this.#tty) {
      this.out.write(`\r\x1b[2K${line}`);
      this.#lineShown = true;
    } else {
      this.out.write(`trawl: ${line}\n`);
    }
  }

  #clearLine(): void {
    if (this.#lineShown) {
      this.out.write('\r\x1b[2K');
      this.#lineShown = false;
    }
  }
}
