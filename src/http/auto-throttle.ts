// Adaptive per-host concurrency and delay (`--auto-throttle`), as slots around the fetcher's own
// (HostSlots, or the job-wide SharedHostSlots): they answer "may I start?" with a host's own
// limit and delay, which move with what the host answers, always within --per-host and no
// lower than --delay. The slot layer reports every answer (time to headers, status) here.
//
//   healthy answers (latency under 2.5x the host's best, not 429/503):
//       one more request in flight after `limit` such answers in a row
//   any good answer:                       the delay shrinks by a tenth, down to --delay
//   latency rising (the server queues):    one fewer in flight
//   429 / 503 (the server says slow down): half as many in flight, the delay x1.5 (at least
//                                          the latency, 100 ms)
//   other 5xx, timeouts, network errors:   one fewer in flight, the delay at least the latency
//   (every decrease at most once per round trip)
//
// Scrapy's AutoThrottle moves a delay toward latency / target concurrency; Crawlee's autoscaled
// pool moves concurrency by system load. This moves both, per host, additively up and
// multiplicatively down (as TCP does), so a host that slows down is eased off within a few
// answers and one that recovers gets its parallelism back gradually.
import type { Permit, Slots } from './slots.js';

export interface AutoThrottleOptions {
  /** Most requests in flight on one host (--per-host). */
  readonly perHost: number;
  /** Least delay between starts on one host (--delay). @default 0 */
  readonly minDelayMs?: number;
  /** Most delay between starts on one host. @default 60000 */
  readonly maxDelayMs?: number;
  /** Requests in flight on a host before it has answered anything. @default 2 */
  readonly startLimit?: number;
}

export interface ThrottleState {
  readonly origin: string;
  /** Requests this host may have in flight now. */
  readonly limit: number;
  readonly inFlight: number;
  readonly delayMs: number;
  /** Smoothed time to headers, ms. */
  readonly latencyMs: number;
}

class HostThrottle {
  limit: number;
  inFlight = 0;
  delayMs: number;
  lastStart = Number.NEGATIVE_INFINITY;
  latency = 0;
  best = Number.POSITIVE_INFINITY;
  healthyRun = 0;
  lastDecrease = 0;
  constructor(limit: number, delayMs: number) {
    this.limit = limit;
    this.delayMs = delayMs;
  }
}

const HEALTHY_FACTOR = 2.5;

export class ThrottledSlots implements Slots {
  readonly #base: Slots;
  readonly #perHost: number;
  readonly #minDelay: number;
  readonly #maxDelay: number;
  readonly #startLimit: number;
  readonly #hosts = new Map<string, HostThrottle>();
  #timer: NodeJS.Timeout | undefined;
  #available: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(base: Slots, options: AutoThrottleOptions) {
    this.#base = base;
    this.#perHost = options.perHost;
    this.#minDelay = options.minDelayMs ?? 0;
    this.#maxDelay = options.maxDelayMs ?? 60_000;
    this.#startLimit = Math.min(options.perHost, options.startLimit ?? 2);
  }

  /** The slots this adapts on top of. */
  get base(): Slots {
    return this.#base;
  }

  get concurrency(): number {
    return this.#base.concurrency;
  }

  get active(): number {
    return this.#base.active;
  }

  tryAcquire(origin: string): Permit | undefined {
    const host = this.#host(origin);
    const now = Date.now();
    if (host.inFlight >= host.limit) return undefined;
    if (now < host.lastStart + host.delayMs) {
      this.#wakeAt(host.lastStart + host.delayMs);
      return undefined;
    }
    const permit = this.#base.tryAcquire(origin);
    if (!permit) return undefined;
    host.inFlight++;
    host.lastStart = now;
    let released = false;
    return {
      origin,
      release: () => {
        if (released) return;
        released = true;
        host.inFlight--;
        permit.release();
        this.#notify();
      },
    };
  }

  async acquire(origin: string, signal?: AbortSignal): Promise<Permit> {
    for (;;) {
      signal?.throwIfAborted();
      const permit = this.tryAcquire(origin);
      if (permit) return permit;
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal!.reason);
        signal?.addEventListener('abort', onAbort, { once: true });
        void this.onAvailable().then(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }

  onAvailable(): Promise<void> {
    if (!this.#available) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#available = { promise, resolve };
      // Whatever frees the base slots frees ours too.
      void this.#base.onAvailable().then(() => this.#notify());
    }
    return this.#available.promise;
  }

  block(origin: string, untilEpochMs: number): void {
    this.#base.block(origin, untilEpochMs);
  }

  setDelay(origin: string, delayMs: number): void {
    const host = this.#host(origin);
    host.delayMs = Math.max(host.delayMs, delayMs);
    this.#base.setDelay(origin, delayMs);
  }

  readyInMs(origin: string): number {
    const host = this.#hosts.get(origin);
    const own = host ? Math.max(0, host.lastStart + host.delayMs - Date.now()) : 0;
    return Math.max(own, this.#base.readyInMs(origin));
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#base.close();
    this.#notify();
  }

  /**
   * An answer from `origin` (or a failure, status 0) after `latencyMs`: adjusts the host. A host
   * is eased off at most once per round trip (its latency, or its delay when longer), as TCP
   * reacts to a loss once per round trip: answers to requests sent before the last decrease say
   * nothing new about the rate since.
   */
  observe(origin: string, latencyMs: number, status: number): void {
    const host = this.#host(origin);
    const now = Date.now();
    host.latency = host.latency === 0 ? latencyMs : host.latency * 0.8 + latencyMs * 0.2;
    const reacted = now - host.lastDecrease <= Math.max(host.latency, host.delayMs, 50);
    if (status === 429 || status === 503) {
      if (reacted) return;
      host.limit = Math.max(1, Math.floor(host.limit / 2));
      host.delayMs = this.#clamp(Math.max(host.delayMs * 1.5, host.latency, 100));
      this.#decreased(host, now);
      return;
    }
    if (status === 0 || status >= 500) {
      if (reacted) return;
      host.limit = Math.max(1, host.limit - 1);
      host.delayMs = this.#clamp(Math.max(host.delayMs, host.latency));
      this.#decreased(host, now);
      return;
    }
    // Any good answer lets the delay shrink back toward --delay.
    host.delayMs = this.#clamp(host.delayMs * 0.9 - 1);
    host.best = Math.min(host.best, latencyMs);
    if (host.latency <= HEALTHY_FACTOR * host.best) {
      if (++host.healthyRun >= host.limit) {
        host.healthyRun = 0;
        host.limit = Math.min(this.#perHost, host.limit + 1);
        this.#notify();
      }
    } else if (!reacted) {
      host.limit = Math.max(1, host.limit - 1);
      this.#decreased(host, now);
    }
  }

  #decreased(host: HostThrottle, now: number): void {
    host.healthyRun = 0;
    host.lastDecrease = now;
  }

  /** Each host's current limit, delay and latency, busiest first (for progress displays). */
  states(): ThrottleState[] {
    return [...this.#hosts]
      .map(([origin, host]) => ({ origin, limit: host.limit, inFlight: host.inFlight, delayMs: Math.round(host.delayMs), latencyMs: Math.round(host.latency) }))
      .sort((a, b) => b.inFlight - a.inFlight || b.limit - a.limit);
  }

  #clamp(delayMs: number): number {
    return Math.min(this.#maxDelay, Math.max(this.#minDelay, delayMs));
  }

  #host(origin: string): HostThrottle {
    let host = this.#hosts.get(origin);
    if (!host) {
      host = new HostThrottle(this.#startLimit, this.#minDelay);
      this.#hosts.set(origin, host);
    }
    return host;
  }

  #wakeAt(at: number): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#notify();
    }, Math.max(1, at - Date.now()));
  }

  #notify(): void {
    const available = this.#available;
    this.#available = undefined;
    available?.resolve();
  }
}
