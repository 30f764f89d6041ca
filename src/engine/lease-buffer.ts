// The requests this worker holds under lease: leased from the frontier in batches, kept until
// the fetcher may start them, renewed while they wait or run, and handed back when the crawl
// stops early. A lease is a write transaction (a round trip for Redis), so it is taken in
// batches and only when the buffer runs low; after a lease comes back short the frontier is not
// asked again until a commit may have added requests, or a moment has passed (retries come
// due, other workers add requests).
import type { FrontierBackend, LeaseBudget } from '../types/frontier.js';
import type { LeasedRequest } from '../types/request.js';

export interface Buffered {
  readonly request: LeasedRequest;
  /** The request URL's origin, parsed once (the start loop asks about it on every pass). */
  readonly origin: string;
}

export interface LeaseBufferOptions {
  readonly frontier: FrontierBackend;
  /** This worker's id, recorded with each lease. */
  readonly owner: string;
  readonly leaseMs: number;
  /** Requests to keep at hand: about twice what may run at once. */
  readonly target: number;
  /** Lease again only once the buffer is down to this many. */
  readonly lowWater: number;
  /** Caps leases across every worker of the job (max pages). */
  readonly budget?: LeaseBudget;
}

/** After a short lease, ask again at the latest after this long. */
const RETRY_SHORT_LEASE_MS = 250;
const MAX_BATCH = 512;

export class LeaseBuffer {
  readonly #options: LeaseBufferOptions;
  readonly #waiting: Buffered[] = [];
  /** Leases whose request has started (fetch or handler) and not been committed yet. */
  readonly #running = new Set<string>();
  #mayLease = true;
  #shortAt = 0;
  #renewer: NodeJS.Timeout | undefined;

  constructor(options: LeaseBufferOptions) {
    this.#options = options;
  }

  /** Requests leased and not started yet. */
  get waiting(): readonly Buffered[] {
    return this.#waiting;
  }

  get size(): number {
    return this.#waiting.length;
  }

  /** Leases count against a job-wide budget. */
  get hasBudget(): boolean {
    return this.#options.budget !== undefined;
  }

  /** A commit may have added requests, or returned some: the next refill asks the frontier. */
  mayHaveMore(): void {
    this.#mayLease = true;
  }

  /**
   * Leases more when the buffer is low and `room` allows. Resolves true when the frontier had
   * nothing ready for us (the caller then waits for commits or time instead of spinning).
   */
  async refill(room: number): Promise<boolean> {
    if (!this.#mayLease && Date.now() - this.#shortAt > RETRY_SHORT_LEASE_MS) this.#mayLease = true;
    const free = Math.min(room, this.#options.target - this.#waiting.length);
    if (free <= 0) return false;
    if (!this.#mayLease) return this.#waiting.length === 0;
    if (this.#waiting.length > this.#options.lowWater) return false;
    const want = Math.min(free, MAX_BATCH);
    const { frontier, leaseMs, owner, budget } = this.#options;
    const leased = await frontier.lease(want, leaseMs, owner, budget);
    for (const request of leased) this.#waiting.push({ request, origin: originOf(request.url) });
    if (leased.length < want) {
      this.#mayLease = false;
      this.#shortAt = Date.now();
    }
    return leased.length === 0;
  }

  /** Removes the waiting request at `index` and marks it running. */
  start(index: number): Buffered {
    const [entry] = this.#waiting.splice(index, 1);
    this.#running.add(entry!.request.id);
    return entry!;
  }

  /** The request's outcome was handed to the committer (its lease ends there). */
  finished(id: string): void {
    this.#running.delete(id);
  }

  /** Keeps every lease alive, waiting or running, until stop(). */
  startRenewing(onError: (error: unknown) => void): void {
    const { frontier, leaseMs } = this.#options;
    this.#renewer = setInterval(
      () => {
        const ids = [...this.#waiting.map((entry) => entry.request.id), ...this.#running];
        if (ids.length > 0) frontier.renew(ids, leaseMs).catch(onError);
      },
      Math.max(1000, Math.floor(leaseMs / 3)),
    );
    this.#renewer.unref();
  }

  stopRenewing(): void {
    if (this.#renewer) clearInterval(this.#renewer);
    this.#renewer = undefined;
  }

  /**
   * Lets the leases of requests that never started lapse now (the crawl stopped early), so the
   * next run or another worker gets them at once instead of after leaseMs.
   */
  async handBack(): Promise<number> {
    const ids = this.#waiting.splice(0).map((entry) => entry.request.id);
    if (ids.length > 0) await this.#options.frontier.renew(ids, 1).catch(() => undefined);
    return ids.length;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
