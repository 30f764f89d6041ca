// The process that owns a job (`trawl crawl`, `trawl run`): it opens or resumes the job, records
// its settings, writes the one output, crawls itself, and starts the job's other workers on
// this machine. `--workers 1` is one process with nothing shared. With more (or a Redis
// frontier) the job is shared: every worker, this one included, obeys the job's host limits
// through the frontier and queues its items there, and this process moves them to the output.
//
// `--workers auto` (the default) may run one process per two cores (autoWorkerCount): on a
// machine of 2 or 3 cores that is `--workers 1`, one process and a parse thread. With more, it
// shares the job and starts workers only when they help: when this process has been busy (its
// event loop more than 60% occupied) for a second with plenty of requests waiting. A small or
// slow crawl never pays their start-up.
import { randomBytes } from 'node:crypto';
import { Crawler, type CrawlerOptions } from '../engine/crawler.js';
import { JobMismatchError } from '../errors/job-mismatch-error.js';
import { lazyRequire } from '../util/lazy-require.js';
import { trace } from '../util/trace.js';
import type { Router } from '../engine/router.js';
import type { CrawlRules } from '../engine/page-rules.js';
import { Fetcher, type FetcherOptions } from '../http/index.js';
import type { HostRules } from '../engine/host-rules.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { CrawlRequest } from '../types/request.js';
import type { Sink } from '../types/sink.js';
import { claimJobSettings, fetchSettingsOf, startsDigest, type HostPatterns, type JobSettings } from './job-settings.js';
import { openOwnerJob } from './job.js';
import { LocalWorkers } from './local-workers.js';
import { renderSettings, type RenderChoice } from './render-setup.js';
import { autoWorkerCount, defaultParseThreads, leaseTimeoutOption, runCrawlSession, workersOption } from './crawl-session.js';
import { logSettingsFrom } from './log/log-settings.js';

export interface OwnerPlan {
  readonly options: Record<string, unknown>;
  readonly what: { readonly kind: 'rules'; readonly rules: CrawlRules } | { readonly kind: 'spider'; readonly file: string; readonly name: string; readonly hash: string };
  readonly router: Router;
  readonly starts: readonly CrawlRequest[];
  readonly fetch: FetcherOptions;
  readonly output: { readonly sink: Sink; readonly key: string };
  readonly fields?: readonly string[];
  readonly maxPages: number | undefined;
  readonly maxDepth: number | undefined;
  readonly maxRequestRetries?: number;
  readonly filesDir?: string;
  /** Extra `trawl worker` arguments for local workers (e.g. the spider file). */
  readonly workerArgs: readonly string[];
  /** Where requests may go (--allow-host / --deny-host), compiled, and as given (for workers). */
  readonly hosts?: HostRules;
  readonly hostPatterns?: HostPatterns;
  /** Pages to load in headless Chromium (--render, or the spider's settings.render). */
  readonly render?: RenderChoice;
  /** The job's name when --job is absent (a spider's name). */
  readonly defaultJob?: string;
  /** Runs once the job is open, before any worker starts (reading sitemaps into the frontier); absent when there is nothing to do. */
  readonly beforeStart?: ((frontier: FrontierBackend) => Promise<void>) | undefined;
}

/** Runs `use` with a fetcher of its own made from `options`, closed afterwards. */
export async function withFetcher<T>(options: FetcherOptions, use: (fetcher: Fetcher) => Promise<T>): Promise<T> {
  const fetcher = new Fetcher(options);
  try {
    return await use(fetcher);
  } finally {
    await fetcher.close();
  }
}

/** Loaded only when a job may scale: perf_hooks costs a few ms at start-up. */
const perfHooks = lazyRequire<typeof import('node:perf_hooks')>('node:perf_hooks');
type EventLoopUtilization = ReturnType<typeof import('node:perf_hooks').performance.eventLoopUtilization>;

const AUTO_BUSY = 0.6;
const AUTO_MIN_PENDING = 200;

/** Opens the job, runs this process's crawl and its local workers; returns the exit code. */
export async function runOwner(plan: OwnerPlan): Promise<number> {
  const { options } = plan;
  const workers = workersOption(options.workers);
  const leaseMs = leaseTimeoutOption(options.leaseTimeout);
  trace('owner: options read');
  const job = await openOwnerJob(options.job, options.frontier, plan.defaultJob);
  trace('owner: job open');
  const maxWorkers = workers === 'auto' ? autoWorkerCount() : workers;
  const wantShared = job.kind === 'redis' || maxWorkers > 1;
  const runId = randomBytes(6).toString('hex');
  const settings: JobSettings = {
    version: 1,
    kind: plan.what.kind,
    ...(plan.what.kind === 'rules' ? { rules: plan.what.rules } : { spider: { file: plan.what.file, name: plan.what.name, hash: plan.what.hash } }),
    starts: startsDigest(plan.starts.map((request) => request.uniqueKey)),
    shared: wantShared,
    fetch: fetchSettingsOf(plan.fetch),
    ...(plan.maxDepth !== undefined ? { maxDepth: plan.maxDepth } : {}),
    ...(plan.maxPages !== undefined ? { maxPages: plan.maxPages } : {}),
    ...(plan.maxRequestRetries !== undefined ? { maxRequestRetries: plan.maxRequestRetries } : {}),
    leaseMs,
    runId,
    ...(plan.filesDir !== undefined ? { filesDir: plan.filesDir } : {}),
    ...(plan.fields ? { fields: plan.fields } : {}),
    ...(plan.hostPatterns ? { hosts: plan.hostPatterns } : {}),
    ...(plan.render ? { render: plan.render } : {}),
  };
  let before: JobSettings | undefined;
  try {
    before = await claimJobSettings(job.frontier, job.name, settings, options.force === true);
  } catch (error) {
    job.release();
    // The user gave no --job: say where the name came from and how to start afresh.
    if (job.spiderDefault && error instanceof JobMismatchError) {
      throw new JobMismatchError(error.input, error.place, `${error.reason} (the job is named after the spider; trawl jobs rm ${job.name} starts it afresh)`, { cause: error });
    }
    throw error;
  }
  if (job.spiderDefault && before) {
    process.stderr.write(`trawl: resuming job ${job.name}, named after the spider (${job.where}); trawl jobs rm ${job.name} starts it afresh\n`);
  }
  // A job that was shared before may still hold items of its workers: collect them.
  const shared = wantShared || before?.shared === true;
  const crawlerOptions: CrawlerOptions = {
    router: plan.router,
    frontier: job.frontier,
    fetch: plan.fetch,
    sink: plan.output.sink,
    checkpointKey: plan.output.key,
    leaseTimeout: leaseMs,
    runId,
    retryFailed: options.retryFailed === true,
    ...(shared ? { shared: true, itemsTo: 'frontier' as const, collectItems: true } : { reclaimOnStart: true }),
    ...(plan.maxPages !== undefined ? { maxPages: plan.maxPages } : {}),
    ...(plan.maxDepth !== undefined ? { depth: plan.maxDepth } : {}),
    ...(plan.maxRequestRetries !== undefined ? { handlerRetries: plan.maxRequestRetries } : {}),
    ...(plan.filesDir !== undefined ? { dir: plan.filesDir } : {}),
    ...(plan.hosts ? { hosts: plan.hosts } : {}),
    ...(plan.render ? { render: await renderSettings(plan.render, plan.fetch.concurrency ?? 16, plan.fetch.userAgent) } : {}),
  };
  let local: LocalWorkers | undefined;
  const crawler = new Crawler({ ...crawlerOptions, beforeLastCollect: async () => local?.wait(30_000) });
  let progressNote: (message: string) => void = (message) => process.stderr.write(`trawl: ${message}\n`);
  const localWorkers = (): LocalWorkers => {
    local ??= new LocalWorkers({
      // The workers share this machine's cores: each parses on its share (defaultParseThreads).
      args: ['--frontier', job.frontierSpec, '--job', job.name, '--parse-threads', String((options.parseThreads as number | undefined) ?? defaultParseThreads(maxWorkers)), ...plan.workerArgs],
      jobName: job.name,
      note: (message) => progressNote(message),
      reclaim: (id) => job.frontier.reclaimWorker(id),
    });
    return local;
  };
  // Workers join a job that already has its start URLs (or they would find it finished).
  await job.frontier.add(plan.starts);
  await plan.beforeStart?.(job.frontier);
  if (shared && workers !== 'auto' && workers > 1) localWorkers().add(workers - 1);
  // Rendering is bound by the browsers, not this process: workers would only add browsers.
  const stopAuto = shared && workers === 'auto' && maxWorkers > 1 && !plan.render ? autoScale(crawler, maxWorkers - 1, () => localWorkers()) : () => undefined;
  try {
    return await runCrawlSession(
      {
        crawler,
        job,
        role: 'owner',
        log: logSettingsFrom(options),
        shared,
        runId,
        workers: () => local,
        onNote: (note) => {
          progressNote = note;
        },
      },
      () => crawler.run(),
    );
  } finally {
    stopAuto();
  }
}

/** Starts local workers while this process is the bottleneck; returns a function that stops watching. */
function autoScale(crawler: Crawler, most: number, workers: () => LocalWorkers): () => void {
  let previous: EventLoopUtilization | undefined;
  let started = 0;
  const timer = setInterval(() => {
    const { performance } = perfHooks();
    const now = performance.eventLoopUtilization();
    const busy = previous ? performance.eventLoopUtilization(now, previous).utilization : 0;
    previous = now;
    if (busy > AUTO_BUSY && crawler.stats.pending > AUTO_MIN_PENDING && started < most) {
      started++;
      workers().add(1);
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
