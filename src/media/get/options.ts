// Options of the file downloader (`trawl get` and downloadFiles()): documented defaults,
// validated once with zod when a Downloader is built; every module reads the resolved object.
import { z } from 'zod';
import { validateOptions } from '../../config/validate.js';
import { Fetcher } from '../../http/fetcher.js';
import type { FetcherOptions } from '../../http/options.js';

export interface DownloaderOptions {
  /** Folder the files are saved in (created when missing). @default '.' */
  readonly dir?: string;
  /** Files downloaded at once. @default 8 */
  readonly concurrency?: number;
  /** Connections per host. @default `concurrency` (raised to `split` when that is larger) */
  readonly perHost?: number;
  /** Ranges of one file fetched at once; 1 streams every file in one request. @default 1 */
  readonly split?: number;
  /** Smallest range split off a file (a range is split in two only when it has twice this
   * much left); files smaller than twice this are never split. @default 1048576 */
  readonly minSplitBytes?: number;
  /** Download again even when a complete file of that name is already there (it is replaced). @default false */
  readonly force?: boolean;
  /** Smallest download that gets a resume sidecar (`<name>.part.json`); a smaller `.part`
   * left by a crash is downloaded again from the start. @default 262144 */
  readonly resumeMinBytes?: number;
  /** Attempts to continue a transfer that broke after its headers arrived (each resumes
   * with Range when the server allows it). Failures before the headers are retried by the
   * fetcher (`fetch.maxRetries`). @default 3 */
  readonly bodyRetries?: number;
  /** Milliseconds between two sidecar saves of a split download's progress. @default 1000 */
  readonly checkpointMs?: number;
  /** Largest body held in memory until it is complete, then written in one go (file creation
   * stays off the connection's path); 0 streams every body into its `.part` from the first
   * byte. Downloads that get a resume sidecar always stream. @default 262144 */
  readonly memoryBytes?: number;
  /** Options of the Fetcher the downloader builds (concurrency and perHost come from above).
   * @default {} */
  readonly fetch?: Omit<FetcherOptions, 'concurrency' | 'perHost'>;
  /** A Fetcher to use instead (its own concurrency applies; the caller closes it). @default undefined */
  readonly fetcher?: Fetcher;
  /** Stops the downloads: `.part` files and their sidecars stay for a later resume. @default undefined */
  readonly signal?: AbortSignal;
}

export interface ResolvedDownloaderOptions {
  readonly dir: string;
  readonly concurrency: number;
  readonly perHost: number;
  readonly split: number;
  readonly minSplitBytes: number;
  readonly force: boolean;
  readonly resumeMinBytes: number;
  readonly bodyRetries: number;
  readonly checkpointMs: number;
  readonly memoryBytes: number;
  readonly fetch: Omit<FetcherOptions, 'concurrency' | 'perHost'>;
  readonly fetcher: Fetcher | undefined;
  readonly signal: AbortSignal | undefined;
}

const count = (min: number) => z.number().int().min(min);

const schema = z.strictObject({
  dir: z.string().min(1).default('.'),
  concurrency: count(1).default(8),
  perHost: count(1).optional(),
  split: count(1).max(64).default(1),
  minSplitBytes: count(1024).default(1024 * 1024),
  force: z.boolean().default(false),
  resumeMinBytes: count(0).default(256 * 1024),
  bodyRetries: count(0).default(3),
  checkpointMs: count(10).default(1000),
  memoryBytes: count(0).default(256 * 1024),
  fetch: z
    .custom<Omit<FetcherOptions, 'concurrency' | 'perHost'>>(
      (value) => typeof value === 'object' && value !== null && !('concurrency' in value) && !('perHost' in value),
      'must be Fetcher options without concurrency and perHost (set those on the downloader)',
    )
    .default({}),
  fetcher: z.instanceof(Fetcher).optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

export function resolveDownloaderOptions(input: DownloaderOptions | undefined): ResolvedDownloaderOptions {
  const parsed = validateOptions(schema, input, 'get');
  return Object.freeze({
    ...parsed,
    perHost: parsed.perHost ?? parsed.concurrency,
    fetcher: parsed.fetcher,
    signal: parsed.signal,
  });
}

/** The Fetcher options the downloader builds its own Fetcher with. */
export function fetcherOptionsFor(options: ResolvedDownloaderOptions): FetcherOptions {
  // A split download needs `split` connections to one host, whatever -c says.
  return {
    ...options.fetch,
    concurrency: Math.max(options.concurrency, options.split),
    perHost: Math.max(options.perHost, options.split),
  };
}
