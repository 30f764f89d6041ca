// The in-process frontier: the library's default when no state file is asked for. Nothing
// survives the process; everything else in the FrontierBackend contract holds.
//
//   priorities (desc) ─▶ bucket ─┬─ fresh:    FIFO array (adds arrive in seq order: O(1))
//                                └─ returned: min-heap by seq (reclaimed / retried / expired)
//   delayed:  min-heap by notBefore ── promoted into its bucket's `returned` once ready
//   leases:   Map seq → entry, plus a min-heap of deadlines (stale ones skipped lazily)
//
// A bucket hands out whichever of its two heads was added first, so the order matches the
// SQLite backend's ORDER BY priority DESC, id even for requests that came back.
import { checkBatch, checkBudget, checkLeaseArgs, checkLeaseMs, decodeRequest, encodeNew, parseLeaseId, type StoredRequest } from '../encode.js';
import { MinHeap } from '../heap.js';
import type { CommitBatch, FailedRecord, FrontierBackend, FrontierCounts } from '../../types/frontier.js';
import type { LeasedRequest } from '../../types/request.js';
import { jobMethods, MemoryJobState, parseCursor } from './memory-job.js';

const PENDING = 0;
const LEASED = 1;
const DONE = 2;
const FAILED = 3;

interface Entry {
  readonly seq: number;
  readonly key: string;
  readonly priority: number;
  readonly data: string;
  state: number;
  retries: number;
  notBefore: number;
  leaseUntil: number;
  token: number;
  owner: string | undefined;
  code: string;
  reason: string;
}

class Bucket {
  private fresh: Entry[] = [];
  private head = 0;
  private readonly returned = new MinHeap<Entry>((a, b) => a.seq < b.seq);

  get size(): number {
    return this.fresh.length - this.head + this.returned.size;
  }

  pushFresh(entry: Entry): void {
    this.fresh.push(entry);
  }

  pushReturned(entry: Entry): void {
    this.returned.push(entry);
  }

  take(): Entry | undefined {
    const a = this.fresh[this.head];
    const b = this.returned.peek();
    if (b !== undefined && (a === undefined || b.seq < a.seq)) return this.returned.pop();
    if (a === undefined) return undefined;
    this.fresh[this.head++] = undefined as unknown as Entry;
    // Compact now and then so a long crawl doesn't keep a huge array of holes.
    if (this.head > 1024 && this.head * 2 > this.fresh.length) {
      this.fresh = this.fresh.slice(this.head);
      this.head = 0;
    }
    return a;
  }
}

export function createMemoryFrontier(): FrontierBackend {
  const seen = new Set<string>();
  const buckets = new Map<number, Bucket>();
  /** Priorities with a non-empty bucket, highest first. */
  const active: number[] = [];
  const delayed = new MinHeap<Entry>((a, b) => a.notBefore < b.notBefore || (a.notBefore === b.notBefore && a.seq < b.seq));
  const leased = new Map<number, Entry>();
  const deadlines = new MinHeap<{ until: number; entry: Entry; token: number }>((a, b) => a.until < b.until);
  /** Insertion order is failure order: oldest first. */
  const failed = new Map<number, Entry>();
  const checkpoints = new Map<string, string>();
  const meta = new Map<string, string>();
  const job = new MemoryJobState();
  let nextSeq = 1;
  let pending = 0;
  let done = 0;

  function bucketFor(priority: number): Bucket {
    let bucket = buckets.get(priority);
    if (bucket === undefined) {
      bucket = new Bucket();
      buckets.set(priority, bucket);
    }
    if (bucket.size === 0) activate(priority);
    return bucket;
  }

  function activate(priority: number): void {
    let lo = 0;
    let hi = active.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((active[mid] as number) > priority) lo = mid + 1;
      else hi = mid;
    }
    if (active[lo] !== priority) active.splice(lo, 0, priority);
  }

  /** Puts an entry back among the pending ones (ready now, or once its notBefore passes). */
  function toPending(entry: Entry, now: number): void {
    entry.state = PENDING;
    pending++;
    if (entry.notBefore > now) delayed.push(entry);
    else bucketFor(entry.priority).pushReturned(entry);
  }

  /** Expired leases back to pending, then ready retries into their buckets. */
  function settle(now: number): void {
    for (let top = deadlines.peek(); top !== undefined && top.until <= now; top = deadlines.peek()) {
      deadlines.pop();
      const { entry, token } = top;
      if (entry.state !== LEASED || entry.token !== token || entry.leaseUntil > now) continue; // renewed or gone
      leased.delete(entry.seq);
      toPending(entry, now);
    }
    for (let top = delayed.peek(); top !== undefined && top.notBefore <= now; top = delayed.peek()) {
      delayed.pop();
      bucketFor(top.priority).pushReturned(top);
    }
  }

  /**
   * A deadline stays in the heap after its lease ends (commit, renew); rebuild the heap from
   * the live leases once stale records outnumber them, so finished entries can be collected.
   */
  function trackDeadline(entry: Entry): void {
    deadlines.push({ until: entry.leaseUntil, entry, token: entry.token });
    if (deadlines.size <= 2 * leased.size + 1024) return;
    deadlines.clear();
    for (const live of leased.values()) deadlines.push({ until: live.leaseUntil, entry: live, token: live.token });
  }

  /** The entry behind a lease id, if that lease is still in force. */
  function liveLease(id: string, now: number): Entry | undefined {
    const parsed = parseLeaseId(id);
    if (parsed === undefined) return undefined;
    const entry = leased.get(parsed.row);
    if (entry === undefined || entry.token !== parsed.token || entry.leaseUntil <= now) return undefined;
    return entry;
  }

  function insert(fresh: readonly StoredRequest[]): number {
    for (const stored of fresh) {
      seen.add(stored.key);
      const entry: Entry = {
        seq: nextSeq++,
        key: stored.key,
        priority: stored.priority,
        data: stored.data,
        state: PENDING,
        retries: stored.retries,
        notBefore: 0,
        leaseUntil: 0,
        token: 0,
        owner: undefined,
        code: '',
        reason: '',
      };
      pending++;
      bucketFor(entry.priority).pushFresh(entry);
    }
    return fresh.length;
  }

  function counts(): FrontierCounts {
    settle(Date.now());
    return { pending, leased: leased.size, done, failed: failed.size };
  }

  return {
    async add(requests) {
      return insert(encodeNew(requests, (key) => !seen.has(key)));
    },

    async lease(max, leaseMs, owner, budget) {
      checkLeaseArgs(max, leaseMs);
      checkBudget(budget);
      const now = Date.now();
      settle(now);
      const out: LeasedRequest[] = [];
      const spent = budget ? (job.counters.get(budget.key) ?? 0) : 0;
      if (budget) max = Math.max(0, Math.min(max, budget.limit - spent));
      while (out.length < max && active.length > 0) {
        const priority = active[0] as number;
        const bucket = buckets.get(priority) as Bucket;
        const entry = bucket.take();
        if (bucket.size === 0) active.shift();
        if (entry === undefined) continue;
        pending--;
        entry.state = LEASED;
        entry.token++;
        entry.leaseUntil = now + leaseMs;
        entry.owner = owner;
        leased.set(entry.seq, entry);
        trackDeadline(entry);
        out.push(decodeRequest(`${entry.seq}.${entry.token}`, entry.key, entry.priority, entry.retries, entry.data));
      }
      if (budget) job.counters.set(budget.key, spent + out.length);
      return out;
    },

    async renew(ids, leaseMs) {
      checkLeaseMs(leaseMs);
      const now = Date.now();
      for (const id of ids) {
        const entry = liveLease(id, now);
        if (entry === undefined) continue;
        entry.leaseUntil = now + leaseMs;
        trackDeadline(entry);
      }
    },

    async commit(batch: CommitBatch) {
      checkBatch(batch);
      if (batch.ackItems !== undefined) parseCursor(batch.ackItems);
      // Everything that can throw happens before the first change: validation, then encoding.
      const fresh = encodeNew(batch.added ?? [], (key) => !seen.has(key));
      const now = Date.now();
      const accepted = new Set<string>();
      for (const id of batch.done ?? []) {
        const entry = liveLease(id, now);
        if (entry === undefined) continue;
        leased.delete(entry.seq);
        entry.state = DONE;
        done++;
        accepted.add(id);
      }
      for (const { lease, items } of batch.items ?? []) if (accepted.has(lease)) job.pushItems(items);
      if (batch.ackItems !== undefined) job.ackItems(batch.ackItems);
      for (const { id, code, reason } of batch.failed ?? []) {
        const entry = liveLease(id, now);
        if (entry === undefined) continue;
        leased.delete(entry.seq);
        entry.state = FAILED;
        entry.code = code;
        entry.reason = reason;
        failed.set(entry.seq, entry);
      }
      for (const { id, notBefore, reason } of batch.retry ?? []) {
        const entry = liveLease(id, now);
        if (entry === undefined) continue;
        leased.delete(entry.seq);
        entry.retries++;
        entry.notBefore = notBefore;
        entry.reason = reason;
        toPending(entry, now);
      }
      const added = insert(fresh);
      if (batch.checkpoint) checkpoints.set(batch.checkpoint.key, batch.checkpoint.value);
      return { added };
    },

    async reclaimAll() {
      const now = Date.now();
      const entries = [...leased.values()];
      leased.clear();
      deadlines.clear();
      for (const entry of entries) toPending(entry, now);
      return entries.length;
    },

    async reclaimWorker(owner) {
      const now = Date.now();
      let count = 0;
      for (const entry of [...leased.values()]) {
        if (entry.owner !== owner) continue;
        leased.delete(entry.seq);
        toPending(entry, now);
        count++;
      }
      job.dropPermits(owner);
      return count;
    },

    async retryFailed() {
      const now = Date.now();
      const entries = [...failed.values()];
      failed.clear();
      for (const entry of entries) {
        entry.retries = 0;
        entry.notBefore = 0;
        entry.code = '';
        entry.reason = '';
        toPending(entry, now);
      }
      return entries.length;
    },

    async counts() {
      return counts();
    },

    async isFinished() {
      const c = counts();
      return c.pending === 0 && c.leased === 0;
    },

    async nextReadyAt() {
      settle(Date.now());
      return delayed.peek()?.notBefore ?? null;
    },

    async failures(limit = Number.POSITIVE_INFINITY) {
      const out: FailedRecord[] = [];
      for (const entry of failed.values()) {
        if (out.length >= limit) break;
        const { url } = JSON.parse(entry.data) as { url: string };
        out.push({ url, uniqueKey: entry.key, code: entry.code, reason: entry.reason, retries: entry.retries });
      }
      return out;
    },

    async getCheckpoint(key) {
      return checkpoints.get(key);
    },

    ...jobMethods(job),

    async setMeta(key, value) {
      meta.set(key, value);
    },

    async getMeta(key) {
      return meta.get(key);
    },

    async close() {},
  };
}
