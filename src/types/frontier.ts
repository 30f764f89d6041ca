// The frontier backend contract: every backend (memory, SQLite, later Redis) keeps this
// promise, and test/contract/frontier.contract.ts checks it against each one.
//
//   add ──▶ pending ──lease──▶ leased ──commit.done──▶ done
//              ▲                  │ └──commit.failed──▶ failed ──retryFailed──┐
//              │                  │                                            │
//              └──commit.retry / lease expiry / reclaimAll ◀──────────────────┘
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
  /** Saved in the same transaction: lets a sink resume exactly where the committed state ends. */
  readonly checkpoint?: { readonly key: string; readonly value: string };
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
   * the request is committed.
   */
  lease(max: number, leaseMs: number): Promise<LeasedRequest[]>;
  /** Extends the leases of these ids by `leaseMs` from now; unknown or expired ids are ignored. */
  renew(ids: readonly string[], leaseMs: number): Promise<void>;
  /**
   * Applies the whole batch or nothing. Ids that are not currently leased are ignored.
   * Resolves with how many of `added` were new (deduplicated like `add`).
   */
  commit(batch: CommitBatch): Promise<{ readonly added: number }>;
  /** Returns every leased request to pending at once (a job's owner restarting after a crash). */
  reclaimAll(): Promise<number>;
  /** Moves every failed request back to pending with `retries` reset; returns how many. */
  retryFailed(): Promise<number>;
  counts(): Promise<FrontierCounts>;
  /** True when nothing is pending or leased. */
  isFinished(): Promise<boolean>;
  /** Epoch ms when the earliest not-yet-ready pending request becomes ready; null if none waits. */
  nextReadyAt(): Promise<number | null>;
  /** Failed requests, oldest first. */
  failures(limit?: number): Promise<FailedRecord[]>;
  /** The last checkpoint committed under `key`. */
  getCheckpoint(key: string): Promise<string | undefined>;
  /** A small persistent setting (e.g. the job's options), outside commits. */
  setMeta(key: string, value: string): Promise<void>;
  getMeta(key: string): Promise<string | undefined>;
  close(): Promise<void>;
}
