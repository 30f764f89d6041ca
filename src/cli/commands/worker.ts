// `trawl worker --frontier <url> --job <name> [spider]`: joins a job another process owns,
// from this machine or any other. Everything it crawls by comes from the job itself (its rules,
// or the spider whose file must match the job's by content); its items go to the frontier for
// the owner to write. It exits 0 once the job is finished.
import { JobMismatchError } from '../../errors/job-mismatch-error.js';
import { resolve } from 'node:path';
import { Crawler } from '../../engine/crawler.js';
import { Router } from '../../engine/router.js';
import { compileRules } from '../../engine/rules.js';
import { spiderRouter } from '../../engine/spider.js';
import { JobNotFoundError } from '../../errors/job-not-found-error.js';
import { fetchOptionsFrom, runCrawlSession } from '../crawl-session.js';
import { crawlScopeFrom } from '../crawl-scope.js';
import { renderSettings } from '../render-setup.js';
import { readJobSettings, type JobSettings } from '../job-settings.js';
import { openWorkerJob, type Job } from '../job.js';
import { parseOptions } from './crawl.js';
import { logSettingsFrom } from '../log/log-settings.js';
import { given } from '../command-settings.js';
import { optionDefault } from '../../config/options/index.js';
import { loadSpider, spiderHash } from './run.js';

export async function workerCommand(spiderFile: string | undefined, options: Record<string, unknown>): Promise<number> {
  const log = logSettingsFrom(options);
  const job = await openWorkerJob(options.job, options.frontier);
  let close = async (): Promise<void> => undefined;
  try {
    const settings = await jobSettingsFor(job);
    const { router, closeRouter } = await routerFor(job, settings, spiderFile, options);
    close = closeRouter;
    // The job's fetch settings, with this worker's own -c (and the like) on top, and its host rules.
    const scope = crawlScopeFrom({ allowHost: settings.hosts?.allow ?? [], denyHost: settings.hosts?.deny ?? [] });
    const fetch = scope.guard({ ...settings.fetch, ...fetchOverrides(options) });
    const render = settings.render
      ? await renderSettings({ ...settings.render, ...(typeof options.browser === 'string' ? { browser: options.browser } : {}) }, fetch.concurrency ?? optionDefault<number>('concurrency'), fetch.userAgent)
      : undefined;
    const crawler = new Crawler({
      router,
      hosts: scope.hosts,
      ...(render ? { render } : {}),
      frontier: job.frontier,
      fetch,
      shared: true,
      itemsTo: 'frontier',
      leaseTimeout: settings.leaseMs,
      runId: settings.runId,
      ...(typeof options.workerId === 'string' ? { workerId: options.workerId } : {}),
      ...(settings.maxPages !== undefined ? { maxPages: settings.maxPages } : {}),
      ...(settings.maxDepth !== undefined ? { depth: settings.maxDepth } : {}),
      ...(settings.maxRequestRetries !== undefined ? { handlerRetries: settings.maxRequestRetries } : {}),
      ...(typeof options.dir === 'string' ? { dir: resolve(options.dir) } : settings.filesDir !== undefined ? { dir: settings.filesDir } : {}),
    });
    return await runCrawlSession(
      { crawler, job, role: 'worker', log, shared: false },
      () => crawler.run(),
    );
  } finally {
    await close();
    job.release();
  }
}

async function jobSettingsFor(job: Job): Promise<JobSettings> {
  const settings = await readJobSettings(job.frontier);
  if (!settings) {
    throw new JobNotFoundError(`job ${job.name}`, job.where, 'no such job: start it with trawl crawl|run … --frontier … --job <name>');
  }
  if (!settings.shared) {
    throw new JobMismatchError(`job ${job.name}`, job.where, 'it runs in a single process; start it with --workers 2 or more for workers to join');
  }
  return settings;
}

async function routerFor(
  job: Job,
  settings: JobSettings,
  spiderFile: string | undefined,
  options: Record<string, unknown>,
): Promise<{ router: Router; closeRouter: () => Promise<void> }> {
  if (settings.kind === 'rules') {
    if (spiderFile !== undefined) {
      throw new JobMismatchError(spiderFile, '', `job ${job.name} is a declarative crawl (trawl crawl): give no spider file`);
    }
    // A worker joining from elsewhere is its machine's only process and parses on spare cores as
    // `--workers 1` does; one its owner started is given --parse-threads (owner.ts).
    const rules = compileRules(settings.rules ?? {}, parseOptions(options, 1));
    const router = new Router();
    router.otherwise(rules.handler);
    return { router, closeRouter: () => rules.close() };
  }
  const expected = settings.spider!;
  if (spiderFile === undefined) {
    throw new JobMismatchError(`job ${job.name}`, '', `it runs the spider ${expected.file}: give that file (trawl worker … ${expected.file})`);
  }
  if (spiderHash(resolve(spiderFile)) !== expected.hash) {
    throw new JobMismatchError(spiderFile, '', `not the spider job ${job.name} runs (${expected.file}): the file's content differs`);
  }
  return { router: spiderRouter(await loadSpider(spiderFile)), closeRouter: async () => undefined };
}

/** Fetch options this worker was given (flags, its environment, its config file); the rest are the job's. */
function fetchOverrides(options: Record<string, unknown>): Record<string, unknown> {
  const parsed = fetchOptionsFrom(options);
  const out: Record<string, unknown> = {};
  if (given(options, 'concurrency')) out.concurrency = parsed.concurrency;
  if (given(options, 'timeout')) {
    // A job started before `timeout` existed kept the three timeouts: this one replaces them.
    out.timeout = parsed.timeout;
    out.connectTimeoutMs = undefined;
    out.headersTimeoutMs = undefined;
    out.bodyTimeoutMs = undefined;
  }
  if (given(options, 'proxy')) out.proxy = parsed.proxy;
  if (given(options, 'userAgent')) out.userAgent = parsed.userAgent;
  return out;
}
