// What `crawl`, `run` and `worker` share: fetch settings from the command line, the items sink,
// and running a crawler with progress on stderr, signals (Ctrl-C stops every process of the job
// cleanly; a second one quits at once), the summary and the exit code.
import { availableParallelism } from 'node:os';
import { OptionError } from '../errors/option-error.js';
import { trace } from '../util/trace.js';
import type { Crawler, CrawlSummary } from '../engine/crawler.js';
import type { FetcherOptions } from '../http/index.js';
import type { CrawlStats } from '../types/events.js';
import { intOption } from './parse-options.js';
import { optionDefault } from '../config/options/index.js';
import { given } from './command-settings.js';
import { networkOptionsFrom } from './network-options.js';
import { byteCounterGc, capYoungGeneration } from './memory.js';
import { openCrawlLog } from './log/crawl-log.js';
import type { LogSettings } from './log/log-settings.js';
import { statsDocument, writeStatsFile } from './log/stats-file.js';
import type { Job } from './job.js';
import { JobProgress } from './job-progress.js';
import type { LocalWorkers } from './local-workers.js';

/**
 * Memory of a long crawl (see src/cli/memory.ts): a young generation of at most 16 MB (V8's own
 * ceiling) and a full collection every 128 MB received. On the 21,000-page benchmark crawl (one
 * process and a parse thread, 4 rounds each, interleaved) this took a median 9.5 s at 133-137 MB,
 * against 11.7 s at 123-133 MB with 4 MB and every 16 MB (scavenges of a small young generation
 * promoted garbage that only full collections freed), and 10.9 s at 167 MB with 4 MB and every
 * 64 MB.
 */
const YOUNG_GENERATION_CAP = 16 * 1024 * 1024;
const FULL_GC_EVERY_BYTES = 128 * 1024 * 1024;

/**
 * The fetcher's options from a command's settings (flags, environment, config file, a spider's
 * settings: see command-settings.ts). Polite by default: 16 requests in flight and 8 on one host;
 * a concurrency asked for without a per-host limit is taken as the crawl's wish for that many on
 * its site too (the per-host limit follows it). Options not set are left to the fetcher's
 * defaults, which are the schema's.
 */
export function fetchOptionsFrom(options: Record<string, unknown>): FetcherOptions {
  const number = (name: string): number | undefined => (typeof options[name] === 'number' ? (options[name] as number) : undefined);
  const concurrency = number('concurrency');
  const perHost = given(options, 'perHost')
    ? number('perHost')
    : concurrency === undefined
      ? undefined
      : given(options, 'concurrency')
        ? concurrency
        : Math.min(optionDefault<number>('perHost'), concurrency);
  const delay = number('delay');
  const retries = number('retries');
  const timeout = number('timeout');
  return {
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(perHost !== undefined ? { perHost } : {}),
    ...(options.autoThrottle === true ? { autoThrottle: true } : {}),
    ...(delay !== undefined ? { delay } : {}),
    ...(retries !== undefined ? { retries } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
    headers: (options.headers as Record<string, string> | undefined) ?? {},
    ...(typeof options.userAgent === 'string' ? { userAgent: options.userAgent } : {}),
    ...networkOptionsFrom(options),
    ...(options.robots === true ? { robots: true } : {}),
  };
}

/** `--workers`: a number >= 1, or 'auto' (undefined here). */
export function workersOption(value: unknown): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const text = String(value).trim();
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new OptionError('--workers', value, 'expected a whole number >= 1, or auto');
  return Number(text);
}

/**
 * How many worker processes `--workers auto` may run on this machine: one per two cores, so each
 * process has a core for its event loop and one for parsing. On the 2-core development machine
 * that is one process with a parse thread, the fastest setting measured there: 7.9-8.6 s for
 * the bench kit's 21,000 pages at 130 MB, against 8.5-8.9 s for two processes, which spend ~28%
 * more CPU between them on the shared job and hold 167-172 MB in the larger one alone
 * (README, "Scaling out").
 */
export function autoWorkerCount(cores = availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/**
 * Parse threads put the cores a crawl's processes leave spare to work: each of `workers`
 * processes gets its share of the cores, less one for its event loop, at most 3 (`--workers 1`:
 * one per spare core). The owner tells the workers it starts their number (owner.ts).
 */
export function defaultParseThreads(workers: number | 'auto'): number {
  const cores = availableParallelism();
  const processes = workers === 'auto' ? autoWorkerCount(cores) : workers;
  return Math.max(0, Math.min(3, Math.floor(cores / processes) - 1));
}

/** `--lease-timeout <ms>`: how long a dead worker's requests stay leased. */
export function leaseTimeoutOption(value: unknown): number {
  const ms = intOption('--lease-timeout', value, 1000) ?? 30_000;
  if (ms > 86_400_000) throw new OptionError('--lease-timeout', value, 'expected at most 86400000 (a day)');
  return ms;
}

export interface SessionOptions {
  readonly crawler: Crawler;
  readonly job: Job;
  readonly role: 'owner' | 'worker';
  /** -q / -v / -vv, --log-format, --stats-json (log/log-settings.ts). */
  readonly log: LogSettings;
  /** The owner's local worker processes (started now or later), stopped with it. */
  readonly workers?: () => LocalWorkers | undefined;
  /** Receives the function that prints a line above the progress display. */
  readonly onNote?: (note: (message: string) => void) => void;
  /** Other workers may report to this run of the job (its runId): show the job's totals. */
  readonly shared: boolean;
  readonly runId?: string;
}

/**
 * Whether the owner deletes the job's state after this run. A made-up name goes once the crawl
 * ended by itself, at --max-pages too: nobody resumes a page budget under a name they never chose,
 * and such runs (tries with --max-pages) would pile up in .trawl/. A spider's default job goes
 * only once finished, so running the spider again continues a stopped run and starts a finished
 * one afresh. Failures keep it (--retry-failed), and so does an interruption (it resumes).
 */
function discardState(job: Job, summary: CrawlSummary): boolean {
  if (summary.failedTotal > 0) return false;
  if (!job.named) return summary.stoppedBy === 'finished' || summary.stoppedBy === 'max-pages';
  return job.spiderDefault === true && summary.stoppedBy === 'finished';
}

/** Runs the crawl with progress on stderr; prints the summary; returns the exit code. */
export async function runCrawlSession(session: SessionOptions, start: () => Promise<CrawlSummary>): Promise<number> {
  const { crawler, job } = session;
  const workers = (): LocalWorkers | undefined => session.workers?.();
  const progress = await openCrawlLog(session.log, process.stderr);
  session.onNote?.((message) => progress.note(message));
  if (session.role === 'owner' && !job.named) progress.note(`state: ${job.where} (if interrupted, resume with --job ${job.name})`);
  const jobProgress = session.shared ? new JobProgress(crawler.frontier, crawler.workerId, session.runId ?? '') : undefined;
  const read = (): CrawlStats => (jobProgress ? jobProgress.combine(crawler.stats) : crawler.stats);
  jobProgress?.start();
  const off = crawler.events.on((event) => progress.event(event));
  progress.start({ stats: read, rates: jobProgress ? () => jobProgress.rates(crawler.stats) : undefined, throttle: () => crawler.throttle });
  const gcTick = byteCounterGc('major', FULL_GC_EVERY_BYTES);
  const gcTimer = setInterval(() => {
    capYoungGeneration(YOUNG_GENERATION_CAP);
    gcTick(crawler.stats.bytes);
  }, 20);
  gcTimer.unref();

  let interrupted = 0;
  let signalExit = 0;
  const stopAll = (message: string): void => {
    progress.note(message);
    crawler.stop();
    workers()?.stop();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted++;
    // 128 + the signal number, as shells report it: a script must not take a stopped crawl for a finished one.
    signalExit = signal === 'SIGTERM' ? 143 : 130;
    if (interrupted > 1) process.exit(signalExit);
    stopAll('stopping: finishing requests in flight (Ctrl-C again to quit at once)');
  };
  // A local worker stops with its owner: asked over IPC, or when the owner is gone.
  const onMessage = (message: unknown): void => {
    if ((message as { type?: string } | null)?.type === 'stop') crawler.stop();
  };
  const onDisconnect = (): void => crawler.stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (process.send) {
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
  }
  let summary: CrawlSummary;
  try {
    summary = await start();
  } finally {
    clearInterval(gcTimer);
    progress.stop();
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('message', onMessage);
    process.off('disconnect', onDisconnect);
    await workers()?.wait(30_000);
    jobProgress?.stop();
  }
  trace('session: crawl returned');
  // Enough to list a few beyond those the log showed as they happened.
  const failures = summary.failedTotal > 0 ? await crawler.frontier.failures(25) : [];
  // No close(): every commit is already durable (SQLite's write-ahead log, or Redis), and the
  // process exits right after this (closing would only checkpoint the log).
  job.release();
  await jobProgress?.refresh();
  const shown = jobProgress ? { ...summary, ...jobProgress.combine(summary) } : summary;
  const discard = session.role === 'owner' && discardState(job, summary);
  progress.summary(shown, failures, { ...job, removed: discard }, session.role);
  if (session.log.statsJson) {
    try {
      writeStatsFile(session.log.statsJson, statsDocument(shown, progress.hosts));
    } catch (error) {
      progress.note(`cannot write ${session.log.statsJson}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (discard) await job.remove();
  if (signalExit !== 0) return signalExit;
  if (summary.stoppedBy === 'error') return 1;
  // A worker's job is done when the job is: its failures are the job's, reported by the owner.
  if (session.role === 'worker') return 0;
  return summary.failedTotal > 0 ? 1 : 0;
}
