// What a crawl (crawl, run, worker) tells on stderr while it runs and when it ends: the text log
// (../progress.ts: a live display or plain lines) or, with --log-format json, one JSON event per
// line. Both count per-host figures for -v and --stats-json, and print a failure once: the live
// line, or the summary's list for those not shown live.
import type { CrawlSummary } from '../../engine/crawler.js';
import type { ThrottleState } from '../../http/auto-throttle.js';
import type { CrawlEvent, CrawlStats } from '../../types/events.js';
import type { FailedRecord } from '../../types/frontier.js';
import type { WorkerRate } from '../job-progress.js';
import { HostTally } from './host-tally.js';
import { jsonLine, writeLinesThrough } from './lines.js';
import type { LogSettings } from './log-settings.js';
import { reasonFor } from './reason.js';
import { statsDocument } from './stats-file.js';

export interface CrawlSources {
  readonly stats: () => CrawlStats;
  /** Each worker's rate, for a job with several workers. */
  readonly rates?: (() => WorkerRate[]) | undefined;
  /** --auto-throttle's state per host. */
  readonly throttle?: () => readonly ThrottleState[];
}

export interface JobRef {
  readonly name: string;
  readonly named: boolean;
  /** The job's state is deleted after this summary (nothing to continue). */
  readonly removed?: boolean;
}

export interface CrawlLog {
  readonly hosts: HostTally;
  start(sources: CrawlSources): void;
  event(event: CrawlEvent): void;
  note(message: string): void;
  stop(): void;
  summary(summary: CrawlSummary, failures: readonly FailedRecord[], job: JobRef, role: 'owner' | 'worker'): void;
}

export async function openCrawlLog(settings: LogSettings, out: NodeJS.WriteStream): Promise<CrawlLog> {
  if (settings.format === 'json') return new JsonCrawlLog(out, settings.level);
  const { CrawlProgress } = await import('../progress.js');
  return CrawlProgress.open(out, settings.level);
}

/** The summary's closing lines: what failed for good and what is left, with the way to go on. */
export function closingLines(summary: CrawlSummary, job: JobRef, role: 'owner' | 'worker'): string[] {
  const lines: string[] = [];
  if (summary.failedTotal > 0) {
    lines.push(`${summary.failedTotal} request(s) failed for good; they are saved: retry them with --job ${job.name} --retry-failed`);
  }
  if (summary.stoppedBy !== 'finished' && summary.pending > 0 && role === 'owner') {
    lines.push(
      job.removed === true
        ? `${summary.pending} request(s) not fetched; this run's state is removed (give --job <name> to keep a crawl's state and continue it)`
        : `${summary.pending} request(s) not yet fetched: continue with --job ${job.name}`,
    );
  }
  return lines;
}

const JSON_PROGRESS_MS = 1000;

/** --log-format json: request (with -v), retry, failure, warning, note, progress every second, summary. */
export class JsonCrawlLog implements CrawlLog {
  readonly hosts = new HostTally();
  readonly #out: NodeJS.WriteStream;
  readonly #level: number;
  #timer: NodeJS.Timeout | undefined;
  #lastDone = 0;
  #lastAt = Date.now();

  constructor(out: NodeJS.WriteStream, level: number) {
    this.#out = out;
    this.#level = level;
  }

  start(sources: CrawlSources): void {
    writeLinesThrough(undefined);
    if (this.#level < 0) return;
    this.#timer = setInterval(() => this.#progress(sources.stats()), JSON_PROGRESS_MS);
    this.#timer.unref();
  }

  event(event: CrawlEvent): void {
    this.hosts.event(event);
    switch (event.type) {
      case 'request':
        if (this.#level >= 1) {
          this.#write('request', { method: event.method, url: event.url, status: event.status, ms: event.ms, ...(event.code ? { code: event.code } : {}) });
        }
        break;
      case 'fetch-retry':
        this.#write('retry', { url: event.url, attempt: event.attempt, reason: reasonFor(event.url, event.reason), code: event.code, delayMs: event.delayMs, by: 'fetcher' });
        break;
      case 'request-retry':
        this.#write('retry', { url: event.url, attempt: event.attempt + 1, reason: reasonFor(event.url, event.reason), by: 'handler' });
        break;
      case 'request-failed':
        this.#write('failure', { url: event.url, code: event.code, reason: reasonFor(event.url, event.reason) });
        break;
      case 'warning':
        this.#write('warning', { message: event.message.replace(/^warning: /, '') });
        break;
      default:
        break;
    }
  }

  note(message: string): void {
    this.#write('note', { message });
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  summary(summary: CrawlSummary, _failures: readonly FailedRecord[], job: JobRef, role: 'owner' | 'worker'): void {
    this.#write('summary', { ...statsDocument(summary, this.hosts), job: job.name, notes: closingLines(summary, job, role) });
  }

  #progress(stats: CrawlStats): void {
    const now = Date.now();
    const rate = ((stats.done - this.#lastDone) * 1000) / Math.max(1, now - this.#lastAt);
    this.#lastDone = stats.done;
    this.#lastAt = now;
    this.#write('progress', {
      requests: stats.requests,
      pages: stats.done,
      queued: stats.pending + stats.inFlight,
      failed: stats.failed,
      retries: stats.retried,
      items: stats.items,
      bytes: stats.bytes,
      pagesPerSecond: Math.round(rate * 10) / 10,
      seconds: Math.round((now - stats.startedAt) / 100) / 10,
    });
  }

  #write(event: string, fields: Record<string, unknown>): void {
    this.#out.write(jsonLine(event, fields));
  }
}
