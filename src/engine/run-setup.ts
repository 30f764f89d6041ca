// What one Crawler.run() sets up before its loop starts, and holds until it ends: the output
// opened at its committed checkpoint, the frontier made ready (this worker's heartbeat and the
// dead workers' leases back, or every lease back for a sole owner; failed requests to retry; the
// start requests), where items go (the sink, or the frontier for the job's owner to collect),
// the lease buffer and the committer.
import { optionDefault } from '../config/options/index.js';
import { errorMessage } from '../errors/trawl-error.js';
import type { Fetcher, FetchEvent } from '../http/index.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { CrawlRequest } from '../types/request.js';
import type { Sink } from '../types/sink.js';
import { Committer, type Flushed, type ItemTarget } from './committer.js';
import type { CrawlerOptions } from './crawler-options.js';
import { ItemCollector } from './item-collector.js';
import { LeaseBuffer } from './lease-buffer.js';
import type { PageLoader } from './page-loader.js';
import type { StatsCounter } from './stats.js';
import { reclaimDeadWorkers, WorkerPresence } from './worker-presence.js';

/** How long a lease lasts without renewal, unless the crawl says otherwise (--lease-timeout). */
export const DEFAULT_LEASE_MS = optionDefault<number>('leaseTimeout');

/** Everything one run() holds. */
export interface Run {
  readonly fetcher: Fetcher;
  /** Loads the requests `render.select` picks in a browser (--render). */
  readonly loader: PageLoader | undefined;
  readonly leases: LeaseBuffer;
  readonly committer: Committer;
  readonly collector: ItemCollector | undefined;
  readonly presence: WorkerPresence | undefined;
  /** The sink is open and this run closes it. */
  readonly writesSink: boolean;
  readonly concurrency: number;
  /** Requests running at once (fetch + handler): twice the fetch concurrency. */
  readonly target: number;
  /** Pages this process may still start (maxPages when the frontier is not shared). */
  readonly localPageLimit: number;
  readonly unsubscribe: () => void;
}

/** What the setup needs from its crawler. */
export interface RunSetupHost {
  readonly options: CrawlerOptions;
  readonly frontier: FrontierBackend;
  readonly fetcher: Fetcher;
  readonly ownsFetcher: boolean;
  /** The sink given, or the crawler's in-memory dataset. */
  readonly sink: Sink | undefined;
  readonly workerId: string;
  readonly leaseMs: number;
  readonly stats: () => StatsCounter;
  readonly warn: (message: string) => void;
  readonly onFlushed: (flushed: Flushed, itemsInSink: boolean) => void;
  /** Each of the fetcher's events while the run lasts (requests and retries are counted there). */
  readonly fetchEvent: (event: FetchEvent) => void;
}

export async function openRun(host: RunSetupHost, starts: readonly CrawlRequest[]): Promise<Run> {
  const { options, frontier, fetcher, sink, workerId, leaseMs } = host;
  const checkpointKey = options.checkpointKey ?? 'sink';
  const shared = options.shared === true;
  const itemsTo = options.itemsTo ?? 'sink';
  const collect = sink !== undefined && (options.collectItems ?? shared);
  const writesSink = sink !== undefined && (itemsTo === 'sink' || collect);
  const presence = shared
    ? new WorkerPresence({
        frontier,
        id: workerId,
        role: collect ? 'owner' : 'worker',
        intervalMs: options.heartbeatMs ?? 1000,
        stats: () => ({ ...host.stats().snapshot(), runId: options.runId ?? '' }),
        onError: (error) => host.warn(`the frontier did not take a heartbeat: ${errorMessage(error)} (retrying)`),
      })
    : undefined;
  let openedAt: string | undefined;
  try {
    if (writesSink) {
      openedAt = await frontier.getCheckpoint(checkpointKey);
      await sink.open(openedAt);
    }
    if (presence) {
      await presence.start();
      await reclaimDeadWorkers(frontier, leaseMs, workerId);
    }
    if (options.reclaimOnStart) await frontier.reclaimAll();
    if (options.retryFailed) await frontier.retryFailed();
    await frontier.add(starts);
  } catch (error) {
    await presence?.stop();
    if (writesSink) await sink.close().catch(() => undefined);
    if (host.ownsFetcher) await fetcher.close().catch(() => undefined);
    throw error;
  }

  const target: ItemTarget =
    itemsTo === 'sink' && sink ? { kind: 'sink', sink, checkpointKey } : itemsTo === 'frontier' ? { kind: 'frontier' } : { kind: 'none' };
  const collector =
    collect && sink
      ? new ItemCollector({
          frontier,
          sink,
          checkpointKey,
          openedAt,
          onRollback: () => host.warn('the frontier lost its last writes (a restart): the output was cut back to match it, and is written again from there'),
          onWritten: (count) => {
            host.stats().items += count;
          },
          onTransientError: (error) => host.warn(`waiting for the frontier: ${errorMessage(error)}`),
        })
      : undefined;
  const concurrency = fetcher.slots.concurrency;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const leases = new LeaseBuffer({
    frontier,
    owner: workerId,
    leaseMs,
    target: concurrency * 2,
    lowWater: concurrency / 2,
    ...(shared && Number.isFinite(maxPages) ? { budget: { key: `pages:${options.runId ?? workerId}`, limit: maxPages } } : {}),
  });
  const committer = new Committer(frontier, target, (flushed) => {
    // Links found or retries put back: the frontier may have work again.
    if (flushed.added > 0 || flushed.outcomes.some((outcome) => outcome.kind === 'retry')) leases.mayHaveMore();
    // Our own items just reached the frontier: move them to the output now, not at the next poll.
    if (flushed.items > 0 && target.kind === 'frontier') collector?.poke();
    host.onFlushed(flushed, target.kind === 'sink');
  });
  leases.startRenewing((error) => host.warn(`could not renew leases: ${errorMessage(error)}`));
  collector?.start();
  const unsubscribe = fetcher.events.on((event) => host.fetchEvent(event));
  return {
    fetcher,
    loader: options.render?.loader(fetcher),
    leases,
    committer,
    collector,
    presence,
    writesSink,
    concurrency,
    target: concurrency * 2,
    localPageLimit: shared ? Number.POSITIVE_INFINITY : maxPages,
    unsubscribe,
  };
}
