// The Crawler's options (validated once, unknown keys refused) and the summary a run returns.
import { z } from 'zod';
import type { Fetcher, FetcherOptions } from '../http/index.js';
import type { CrawlStats } from '../types/events.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { Sink } from '../types/sink.js';
import type { Handler } from './handler.js';
import type { HostRules } from './host-rules.js';
import { Router } from './router.js';
import type { RenderSettings } from './page-loader.js';

export interface CrawlerOptions {
  /** Handles every request (or use `router` for labels). */
  readonly handler?: Handler;
  readonly router?: Router;
  /** Where requests live. @default a new memory frontier */
  readonly frontier?: FrontierBackend;
  /** A shared fetcher; when absent one is made from `fetch` and closed at the end. */
  readonly fetcher?: Fetcher;
  /** Options of the fetcher made for this crawl (concurrency, perHost, delayMs, retries, headers…). */
  readonly fetch?: FetcherOptions;
  /** Where pushed items go. @default none (items are counted and dropped) */
  readonly sink?: Sink;
  /** Frontier key of the sink's checkpoint (one per output). @default 'sink' */
  readonly checkpointKey?: string;
  /** Retries of a request whose handler threw a retryable error. @default 3 */
  readonly maxRequestRetries?: number;
  /** Stop after this many fetches in this run. @default unlimited */
  readonly maxPages?: number;
  /** Links deeper than this are not followed (start URLs are depth 0). @default unlimited */
  readonly maxDepth?: number;
  /** Folder for `download()` and `writeFile()`. @default 'downloads' */
  readonly filesDir?: string;
  /**
   * How long a lease lasts without renewal; the crawler renews the leases it holds every third of
   * it. A worker that dies holds its requests this long at most (other workers then take them).
   * @default 30000
   */
  readonly leaseMs?: number;
  /**
   * The frontier is shared with other processes (workers of one job): per-host limits, delays
   * and Retry-After blocks go through the frontier so they hold across all of them, this
   * crawler reports itself with heartbeats, and the leases of dead workers return at start.
   * @default false
   */
  readonly shared?: boolean;
  /** This worker's id in the job (leases, host permits, heartbeats). @default a random id */
  readonly workerId?: string;
  /**
   * Where this crawler's items go: 'sink' (the `sink` option) or 'frontier' (queued there for the
   * job's owner to write: a worker without the output).
   * @default 'sink' when a sink is given
   */
  readonly itemsTo?: 'sink' | 'frontier';
  /**
   * Moves items other workers queued in the frontier into the sink (the job's owner does this).
   * @default true when `shared` and a sink is given
   */
  readonly collectItems?: boolean;
  /** Names this run of the job: `maxPages` counts across every worker with the same runId. */
  readonly runId?: string;
  /** Heartbeat period when shared. @default 1000 */
  readonly heartbeatMs?: number;
  /**
   * Awaited when the crawl loop has ended, before the last items are collected into the sink:
   * the job's owner waits for its local workers here, so their last items make this output.
   */
  readonly beforeLastCollect?: () => Promise<void>;
  /** Pages loaded in a real browser (`--render`): the loader and which requests use it. @default none */
  readonly render?: RenderSettings;
  /** Return every leased request to pending before starting: only for the sole owner of a job. @default false */
  readonly reclaimOnStart?: boolean;
  /** Move requests that failed for good back to pending before starting. @default false */
  readonly retryFailed?: boolean;
  /**
   * Where enqueue() and enqueueLinks() may lead (compileHostRules); give the fetcher
   * `redirectGuard: hostRedirectGuard(rules)` to hold redirects to them too. @default anywhere
   */
  readonly hosts?: HostRules;
}

export const optionsSchema = z
  .object({
    handler: z.function().optional(),
    router: z.instanceof(Router).optional(),
    frontier: z.custom<FrontierBackend>((v) => typeof v === 'object' && v !== null).optional(),
    fetcher: z.custom<Fetcher>((v) => typeof v === 'object' && v !== null).optional(),
    fetch: z.record(z.string(), z.unknown()).optional(),
    sink: z.custom<Sink>((v) => typeof v === 'object' && v !== null).optional(),
    checkpointKey: z.string().min(1).optional(),
    maxRequestRetries: z.number().int().min(0).optional(),
    maxPages: z.number().int().min(0).optional(),
    maxDepth: z.number().int().min(0).optional(),
    filesDir: z.string().min(1).optional(),
    leaseMs: z.number().int().min(1000).optional(),
    shared: z.boolean().optional(),
    workerId: z.string().min(1).optional(),
    itemsTo: z.enum(['sink', 'frontier']).optional(),
    collectItems: z.boolean().optional(),
    runId: z.string().min(1).optional(),
    heartbeatMs: z.number().int().min(10).optional(),
    beforeLastCollect: z.function().optional(),
    render: z.custom<RenderSettings>((v) => typeof v === 'object' && v !== null && typeof (v as RenderSettings).loader === 'function').optional(),
    reclaimOnStart: z.boolean().optional(),
    retryFailed: z.boolean().optional(),
    hosts: z.custom<HostRules>((v) => typeof v === 'object' && v !== null && typeof (v as HostRules).allows === 'function').optional(),
  })
  .strict();

export interface CrawlSummary extends CrawlStats {
  readonly seconds: number;
  /** Why the run ended. */
  readonly stoppedBy: 'finished' | 'max-pages' | 'stopped' | 'error';
  /** Requests in the frontier that failed for good (across runs of this job). */
  readonly failedTotal: number;
}

