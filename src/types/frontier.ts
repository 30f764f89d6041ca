// The frontier backend contract: every backend (memory, SQLite, Redis) keeps this promise, and
// test/contract/frontier.contract.ts checks it against each one. A backend holds a whole job:
// its requests, the items workers made until the output's writer takes them, the workers that
// share it, and the per-host politeness state they all obey.
//
//   add ──▶ pending ──lease──▶ leased ──commit.done──▶ done
//              ▲                  │ └──commit.failed──▶ failed ──retryFailed──┐
//              │                  │                                            │
//              └──commit.retry / lease expiry / reclaim ◀─────────────────────┘
//
//   commit.items (workers) ──▶ item queue ──readItems──▶ writer ──commit.ackItems + checkpoint──▶ gone
import type { CrawlRequest, LeasedRequest } from './request.js';

export interface FrontierCounts {
  readonly pending: number;
  readonly leased: number;
  readonly done: number;
  readonly failed: number;
}

export interface FailedRecord {
  readonly url: string;
  readonly uniqueKey: string;
  readonly code: string;
  readonly reason: string;
  readonly retries: number;
}

/** Items one done lease produced, as JSON text (one string per item). */
export interface LeaseItems {
  readonly lease: string;
  readonly items: readonly string[];
}

/** A request the engine finished with, one way or another; applied atomically by `commit`. */
export interface CommitBatch {
  /** Leases that succeeded. */
  readonly done?: readonly string[];
  /** Leases that failed for good, with why. */
  readonly failed?: readonly { readonly id: string; readonly code: string; readonly reason: string }[];
  /** Leases to try again: back to pending, `retries` + 1, not handed out before `notBefore` (epoch ms). */
  readonly retry?: readonly { readonly id: string; readonly notBefore: number; readonly reason: string }[];
  /** New requests found while handling the leases above (deduplicated like `add`). */
  readonly added?: readonly CrawlRequest[];
  /**
   * Items of leases listed in `done`, appended to the job's item queue in this order. Items of a
   * lease that is not live (expired, reclaimed, committed already) are dropped with it: a worker
   * that lost its lease can never add a second copy of a page's items.
   */
  readonly items?: readonly LeaseItems[];
  /** Removes every queued item up to and including this cursor (from `readItems`). */
  readonly ackItems?: string;
  /** Saved in the same transaction: lets a sink resume exactly where the committed state ends. */
  readonly checkpoint?: { readonly key: string; readonly value: string };
}

/** Caps a lease against a counter shared by every worker of a job (e.g. `--max-pages`). */
export interface LeaseBudget {
  /** The counter's name; a new name starts from 0. */
  readonly key: string;
  /** Leases never take the counter past this. */
  readonly limit: number;
}

export interface QueuedItems {
  /** JSON text of each item, oldest first. */
  readonly items: readonly string[];
  /** Pass to the next readItems to continue, and to commit({ ackItems }) to remove these. */
  readonly cursor: string | undefined;
}

/** A process taking part in a job, as it last reported itself. */
export interface WorkerRecord {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** 'owner' writes the output; 'worker' only crawls. */
  readonly role: 'owner' | 'worker';
  readonly startedAt: number;
  /** When the backend last heard from it (the backend's clock, epoch ms). */
  readonly seenAt: number;
  /** Free JSON the worker publishes with each heartbeat (its counters). */
  readonly stats: string;
}

/** One host as a worker sees it in `syncHosts`. */
export interface HostWant {
  readonly origin: string;
  /** Permits wanted beyond those this worker holds now (0: none). */
  readonly want: number;
  /** Permits this worker gives back first (requests that ended). */
  readonly release: number;
}

export interface HostSyncRequest {
  readonly worker: string;
  /** Requests in flight on one host across the job. */
  readonly perHost: number;
  /** Minimum ms between two request starts on one host across the job (a host's own delay wins when larger). */
  readonly delayMs: number;
  /** A worker not heard from (heartbeat) for this long holds nothing any more. */
  readonly staleMs: number;
  /**
   * With a delay: how long after asking this worker may take to start a granted request (it
   * drops the grant after that). The next grant on the host comes `delay + startSlackMs` after
   * this one, so the requests' real starts are at least `delay` apart. @default 0
   */
  readonly startSlackMs?: number;
  readonly hosts: readonly HostWant[];
  /** Retry-After / back-off blocks to record: no start on `origin` before `until` (epoch ms). */
  readonly blocks?: readonly { readonly origin: string; readonly until: number }[];
  /** Per-host minimum delays to record (robots.txt Crawl-delay). */
  readonly delays?: readonly { readonly origin: string; readonly delayMs: number }[];
}

export interface HostGrant {
  readonly origin: string;
  /** Permits granted by this call: the worker may start this many requests now. */
  readonly granted: number;
  /** Permits this worker holds after the call. */
  readonly held: number;
  /** Held permits above this worker's fair share: give them back as requests end. */
  readonly excess: number;
  /** When nothing was granted because of a delay or block: when asking again may succeed (epoch ms), else 0. */
  readonly readyAt: number;
}

export interface HostSyncReply {
  /** The backend's clock (epoch ms): workers on other machines compare times against it. */
  readonly now: number;
  readonly grants: readonly HostGrant[];
}

export interface FrontierBackend {
  /**
   * Adds the requests whose `uniqueKey` the frontier has never seen, in any state (pending,
   * leased, done or failed). Returns how many were new. Duplicates within one call count once.
   */
  add(requests: readonly CrawlRequest[]): Promise<number>;
  /**
   * Hands out up to `max` pending requests that are ready (`notBefore` passed): highest priority
   * first, then in the order they were added. Returns [] when nothing is ready now, which does
   * not mean the crawl is over (see `isFinished`, `nextReadyAt`). A lease promises that no
   * other `lease` call returns the request until `leaseMs` passes without a `renew`, or until
   * the request is committed or reclaimed. `owner` names the worker (see `reclaimWorker`);
   * `budget` caps what this and every other lease with the same budget key may take in all.
   */
  lease(max: number, leaseMs: number, owner?: string, budget?: LeaseBudget): Promise<LeasedRequest[]>;
  /** Extends the leases of these ids by `leaseMs` from now; unknown or expired ids are ignored. */
  renew(ids: readonly string[], leaseMs: number): Promise<void>;
  /**
   * Applies the whole batch or nothing. Ids that are not currently leased are ignored.
   * Resolves with how many of `added` were new (deduplicated like `add`).
   */
  commit(batch: CommitBatch): Promise<{ readonly added: number }>;
  /** Returns every leased request to pending at once (the sole owner of a job restarting after a crash). */
  reclaimAll(): Promise<number>;
  /** Returns the leases `owner` holds to pending and drops its host permits (the worker is gone). */
  reclaimWorker(owner: string): Promise<number>;
  /** Moves every failed request back to pending with `retries` reset; returns how many. */
  retryFailed(): Promise<number>;
  counts(): Promise<FrontierCounts>;
  /** True when nothing is pending or leased. */
  isFinished(): Promise<boolean>;
  /** Epoch ms when the earliest not-yet-ready pending request becomes ready; null if none waits. */
  nextReadyAt(): Promise<number | null>;
  /** Failed requests, oldest first. */
  failures(limit?: number): Promise<FailedRecord[]>;

  /** Up to `max` queued items after `cursor` (from the start when undefined), oldest first. */
  readItems(cursor: string | undefined, max: number): Promise<QueuedItems>;
  /** How many items wait in the queue. */
  queuedItems(): Promise<number>;
  /** The last checkpoint committed under `key`. */
  getCheckpoint(key: string): Promise<string | undefined>;

  /** Records that `worker` is alive, with its latest counters (`seenAt` is set by the backend). */
  heartbeat(worker: Omit<WorkerRecord, 'seenAt'>): Promise<void>;
  /** Every worker that has reported and not left, freshest first. */
  workers(): Promise<WorkerRecord[]>;
  /** Forgets a worker that left cleanly (its leases, if any, stay until they expire or are reclaimed). */
  removeWorker(id: string): Promise<void>;

  /**
   * The job's shared politeness, atomically: releases, then grants per host within `perHost`
   * in flight across all live workers, a fair share per asking worker, `delayMs` between
   * starts, and any block in force; records new blocks and delays first.
   */
  syncHosts(request: HostSyncRequest): Promise<HostSyncReply>;

  /** A small persistent setting (e.g. the job's options), outside commits. */
  setMeta(key: string, value: string): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}
