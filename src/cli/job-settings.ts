// A job's settings, kept in its frontier (meta key "job"): what the job crawls (declarative rules,
// or a spider by name and content hash, and a digest of its start URLs) and how (fetch limits,
// depth, retries…). A worker joining the job builds its crawl from them, so `trawl worker` needs
// no other flags; a run that would crawl something else under the same job name is refused.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { JobMismatchError } from '../errors/job-mismatch-error.js';
import type { CrawlRules } from '../engine/page-rules.js';
import type { FetcherOptions } from '../http/index.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { RenderChoice } from './render-setup.js';

export const JOB_META_KEY = 'job';

export interface JobSettings {
  readonly version: 1;
  /** 'rules': `trawl crawl`; 'spider': `trawl run <file>`. */
  readonly kind: 'rules' | 'spider';
  readonly rules?: CrawlRules;
  readonly spider?: { readonly file: string; readonly name: string; readonly hash: string };
  /** sha256 of the start URLs as given, in order ('' when a run gave none). */
  readonly starts: string;
  /** Workers in other processes may join (the owner ran with --workers > 1, or the frontier is Redis). */
  readonly shared: boolean;
  /** What each worker's fetcher uses (a worker's own -c wins for its concurrency). */
  readonly fetch: FetchSettings;
  readonly maxDepth?: number;
  readonly maxPages?: number;
  readonly maxRequestRetries?: number;
  readonly leaseMs: number;
  /** Names the owner's current run: max pages count across the workers of one run. */
  readonly runId: string;
  /** Folder for files a spider writes (download(), writeFile()). */
  readonly filesDir?: string;
  /** CSV columns, so a resumed output keeps its header. */
  readonly fields?: readonly string[];
  /** --allow-host / --deny-host (or a spider's allowHosts / denyHosts), as given. */
  readonly hosts?: HostPatterns;
  /** Pages rendered in headless Chromium (--render): every worker renders them too. */
  readonly render?: RenderChoice;
}

export interface HostPatterns {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

/** The serialisable part of FetcherOptions a worker needs. */
export type FetchSettings = Pick<
  FetcherOptions,
  | 'concurrency'
  | 'perHost'
  | 'delayMs'
  | 'maxRetries'
  | 'connectTimeoutMs'
  | 'headersTimeoutMs'
  | 'bodyTimeoutMs'
  | 'headers'
  | 'userAgent'
  | 'proxy'
  | 'proxyRotation'
  | 'privateNetworks'
  | 'cache'
  | 'robots'
>;

export function fetchSettingsOf(options: FetcherOptions): FetchSettings {
  const { concurrency, perHost, delayMs, maxRetries, connectTimeoutMs, headersTimeoutMs, bodyTimeoutMs, headers, userAgent, proxy, robots } = options;
  // The network options too: a worker must not crawl without --no-private-networks or the cache.
  const { proxyRotation, privateNetworks, cache } = options;
  const cacheDir = cache ? { ...cache, dir: resolve(cache.dir) } : undefined;
  return JSON.parse(
    JSON.stringify({ concurrency, perHost, delayMs, maxRetries, connectTimeoutMs, headersTimeoutMs, bodyTimeoutMs, headers, userAgent, proxy, robots, proxyRotation, privateNetworks, cache: cacheDir }),
  ) as FetchSettings;
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function startsDigest(urls: readonly unknown[]): string {
  return urls.length === 0 ? '' : digest(JSON.stringify(urls));
}

export async function readJobSettings(frontier: FrontierBackend): Promise<JobSettings | undefined> {
  const text = await frontier.getMeta(JOB_META_KEY);
  if (text === undefined) return undefined;
  return JSON.parse(text) as JobSettings;
}

/**
 * Stores `settings` for the job, after checking that an existing job crawls the same thing:
 * the same rules (or spider file content), and the same start URLs when this run gives any.
 * `force` replaces them anyway. Returns the settings stored before, if any.
 */
export async function claimJobSettings(
  frontier: FrontierBackend,
  job: string,
  settings: JobSettings,
  force: boolean,
): Promise<JobSettings | undefined> {
  const before = await readJobSettings(frontier);
  if (before && !force) {
    const difference = differenceOf(before, settings);
    if (difference) {
      throw new JobMismatchError(`job ${job}`, '', `${difference}; use another --job name, or --force to replace the job's settings`);
    }
  }
  const stored: JobSettings = {
    ...settings,
    // A resumed job keeps its start URLs' digest when this run gave none.
    starts: settings.starts === '' && before ? before.starts : settings.starts,
    // Once workers could have joined, items may wait in the frontier: the job stays shared.
    shared: settings.shared || (before?.shared ?? false),
  };
  await frontier.setMeta(JOB_META_KEY, JSON.stringify(stored));
  return before;
}

function differenceOf(before: JobSettings, now: JobSettings): string | undefined {
  if (before.kind !== now.kind) {
    return `it was started by trawl ${before.kind === 'rules' ? 'crawl' : 'run'}, not trawl ${now.kind === 'rules' ? 'crawl' : 'run'}`;
  }
  if (now.kind === 'rules' && JSON.stringify(rulesKey(before.rules)) !== JSON.stringify(rulesKey(now.rules))) {
    return 'it was started with other --follow/--match/--extract rules';
  }
  if (now.kind === 'spider' && before.spider?.hash !== now.spider?.hash) {
    return `it runs another spider (${before.spider?.file ?? '?'}, content differs)`;
  }
  if (now.starts !== '' && before.starts !== '' && now.starts !== before.starts) return 'it was started with other start URLs';
  return undefined;
}

/** The rules with keys in a fixed order and unset ones left out, so equal rules compare equal. */
function rulesKey(rules: CrawlRules | undefined): unknown {
  const entries = Object.entries(rules ?? {}).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0));
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
