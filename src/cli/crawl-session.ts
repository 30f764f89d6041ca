// What `crawl` and `run` share: the job's durable frontier (.trawl/<job>.db, locked for this
// process), the items sink, fetch settings from the command line, progress, the summary and
// the exit code.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OptionError } from '../errors/option-error.js';
import type { Crawler, CrawlerOptions, CrawlSummary } from '../engine/crawler.js';
import { Fetcher } from '../http/fetcher.js';
import { lockJob, openSqliteFrontier } from '../frontier/index.js';
import type { FetcherOptions } from '../http/index.js';
import { createSink } from '../sinks/index.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { Sink } from '../types/sink.js';
import { headerOption, intOption } from './parse-options.js';
import { networkOptionsFrom } from './network-options.js';
import { byteCounterGc, capYoungGeneration } from './memory.js';

/**
 * Memory of a long crawl (see src/cli/memory.ts): a young generation of at most 4 MB and a full
 * collection every 16 MB received. Measured on the 21,000-page benchmark crawl: peak RSS
 * 132 MB instead of 200+, for ~10% more CPU. */
const YOUNG_GENERATION_CAP = 4 * 1024 * 1024;
const FULL_GC_EVERY_BYTES = 16 * 1024 * 1024;
import { CrawlProgress } from './progress.js';
import { StdoutSink } from './stdout-sink.js';
import { ensureDirSync } from '../util/ensure-dir.js';

export interface FetchDefaults {
  readonly concurrency?: number;
  readonly perHost?: number;
  readonly delayMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Job {
  readonly name: string;
  readonly path: string;
  /** False when the name was made up for this run: the state is removed after a clean finish. */
  readonly named: boolean;
  readonly frontier: FrontierBackend;
  release(): void;
}

export function openJob(jobOption: unknown): Job {
  const named = typeof jobOption === 'string';
  const name = named ? (jobOption as string) : `crawl-${stamp()}-${process.pid}`;
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) {
    throw new OptionError('--job', jobOption, 'use letters, digits, "_", "-" and "." only');
  }
  const dir = resolve('.trawl');
  ensureDirSync(dir);
  const path = join(dir, `${name}.db`);
  const lock = lockJob(path);
  let frontier: FrontierBackend;
  try {
    frontier = openSqliteFrontier(path);
  } catch (error) {
    lock.release();
    throw error;
  }
  return { name, path, named, frontier, release: () => lock.release() };
}

/** Fetch settings: the command line wins, then `defaults` (a spider's settings), then trawl's. */
export function fetchOptionsFrom(options: Record<string, unknown>, defaults: FetchDefaults = {}): FetcherOptions {
  const concurrency = intOption('-c', options.concurrency, 1) ?? defaults.concurrency ?? 16;
  const timeout = intOption('--timeout', options.timeout, 1) ?? 30_000;
  const headers = { ...defaults.headers, ...headerOption(options.header) };
  return {
    concurrency,
    perHost: intOption('--per-host', options.perHost, 1) ?? defaults.perHost ?? concurrency,
    delayMs: intOption('--delay', options.delay, 0) ?? defaults.delayMs ?? 0,
    maxRetries: intOption('--retries', options.retries, 0) ?? 3,
    connectTimeoutMs: Math.min(timeout, 10_000),
    headersTimeoutMs: timeout,
    bodyTimeoutMs: timeout,
    headers,
    ...(typeof options.userAgent === 'string' ? { userAgent: options.userAgent } : {}),
    ...networkOptionsFrom(options),
    robots: options.robots === true,
  };
}

export function sinkFor(output: unknown, options: { bom?: boolean; columns?: readonly string[] }): { sink: Sink; key: string } {
  if (typeof output !== 'string') return { sink: new StdoutSink(), key: 'sink:stdout' };
  const path = resolve(output);
  const sink = createSink(path, {
    bom: options.bom === true,
    ...(options.columns ? { columns: options.columns } : {}),
    onWarning: (message: string) => process.stderr.write(`trawl: warning: ${message}\n`),
  });
  return { sink, key: `sink:${path}` };
}

/** What `crawl` and `run` give every Crawler: the job's frontier (sole owner), the sink, limits. */
export function jobCrawlerOptions(
  job: Job,
  fetch: FetcherOptions,
  output: { sink: Sink; key: string },
  options: Record<string, unknown>,
  limits: { maxPages: number | undefined; maxDepth: number | undefined },
): CrawlerOptions {
  return {
    frontier: job.frontier,
    fetcher: new Fetcher(fetch),
    sink: output.sink,
    checkpointKey: output.key,
    reclaimOnStart: true,
    retryFailed: options.retryFailed === true,
    ...(limits.maxPages !== undefined ? { maxPages: limits.maxPages } : {}),
    ...(limits.maxDepth !== undefined ? { maxDepth: limits.maxDepth } : {}),
  };
}

/** Runs the crawl with progress on stderr; prints the summary; returns the exit code. */
export async function runWithProgress(crawler: Crawler, job: Job, quiet: boolean, start: () => Promise<CrawlSummary>): Promise<number> {
  const progress = new CrawlProgress(process.stderr, quiet);
  if (!job.named) progress.note(`state: ${job.path} (if interrupted, resume with --job ${job.name})`);
  const off = crawler.events.on((event) => progress.event(event));
  progress.start(() => crawler.stats);
  const gcTick = byteCounterGc('major', FULL_GC_EVERY_BYTES);
  const gcTimer = setInterval(() => {
    capYoungGeneration(YOUNG_GENERATION_CAP);
    gcTick(crawler.stats.bytes);
  }, 20);
  gcTimer.unref();
  let interrupted = 0;
  let signalExit = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted++;
    // 128 + the signal number, as shells report it: a script must not take a stopped crawl for a finished one.
    signalExit = signal === 'SIGTERM' ? 143 : 130;
    if (interrupted > 1) process.exit(signalExit);
    progress.note('stopping: finishing requests in flight (Ctrl-C again to quit at once)');
    crawler.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let summary: CrawlSummary;
  try {
    summary = await start();
  } finally {
    clearInterval(gcTimer);
    progress.stop();
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const failures = summary.failedTotal > 0 ? await crawler.frontier.failures(5) : [];
  // No close(): every commit is already in SQLite's write-ahead log, and the process exits right
  // after this (closing would only checkpoint the log, a few ms a short crawl feels).
  job.release();
  progress.summary(summary, failures, job);
  if (!job.named && summary.stoppedBy === 'finished' && summary.failedTotal === 0) {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${job.path}${suffix}`, { force: true });
  }
  if (signalExit !== 0) return signalExit;
  return summary.failedTotal > 0 || summary.stoppedBy === 'error' ? 1 : 0;
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
