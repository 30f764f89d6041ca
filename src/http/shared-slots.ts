// Per-host slots for one worker of a job that several processes (on one or many machines)
// crawl together. The limits belong to the job, not to the process: this worker may only run
// requests on a host under permits the job's frontier granted it (FrontierBackend.syncHosts),
// so `perHost`, the delay between starts and Retry-After blocks hold across all workers.
//
//   tryAcquire(origin) ──▶ a held permit is free? ──yes──▶ Permit (runs now)
//                               │ no: want++
//                               ▼
//   sync() ── one call at a time ──▶ frontier.syncHosts({ want, release, blocks })
//        ◀── grants: held, excess, readyAt ── onAvailable() wakes the engine
//
// With no delay a permit is kept for the next request to the same host (no round trip per
// request); it goes back when the host has been idle a moment, or when the job says this
// worker holds more than its fair share. With a delay every start needs a fresh grant, since
// the grant is what spaces starts across workers. Blocks this worker learns of (Retry-After)
// are sent with the next sync and reach other workers at their next sync (at most
// `syncEveryMs` later) — a request another worker already started is not recalled.
import type { HostSyncReply, HostSyncRequest } from '../types/frontier.js';
import { OptionError } from '../errors/option-error.js';
import type { Permit, Slots } from './slots.js';

export interface SharedSlotsOptions {
  /** This worker's id, as it sends heartbeats to the frontier. */
  readonly worker: string;
  /** Requests in flight in this process. */
  readonly concurrency: number;
  /** Requests in flight on one host across the job. */
  readonly perHost: number;
  /** Minimum ms between request starts on one host across the job. */
  readonly delayMs: number;
  /** A worker not heard from for this long holds nothing (see the frontier's syncHosts). */
  readonly staleMs: number;
  /** The frontier's syncHosts. */
  readonly sync: (request: HostSyncRequest) => Promise<HostSyncReply>;
  /** Time between syncs while this worker holds or wants permits. @default 100 */
  readonly syncEveryMs?: number;
  /** A held permit unused this long goes back to the job. @default 250 */
  readonly idleReleaseMs?: number;
  /** Called when a sync fails (the frontier is unreachable); syncs go on with back-off. */
  readonly onError?: (error: unknown) => void;
}

interface Waiter {
  readonly resolve: (permit: Permit) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

class Host {
  held = 0;
  inUse = 0;
  want = 0;
  release = 0;
  excess = 0;
  /** Local clock: no start before this (the job's delay or block, as of the last sync). */
  readyAt = 0;
  /** Local clock: a block this worker set itself. */
  blockedUntil = 0;
  delayMs: number;
  lastUse = 0;
  /** Local clock: the job had no permit free at the last sync; ask again only after a pause. */
  deniedAt = 0;
  /** Local clock, with a delay: granted permits not started by then are given back unused. */
  startBy = 0;
  readonly waiters: Waiter[] = [];
  constructor(
    readonly origin: string,
    delayMs: number,
  ) {
    this.delayMs = delayMs;
  }
}

/**
 * With a delay, how long a granted start may wait before it is dropped: a tenth of the delay,
 * from 2 to 25 ms. Grants on a host come delay + this apart, so real starts stay delay apart
 * whatever the time between a grant and its request.
 */
export function startSlackMs(delayMs: number): number {
  return delayMs > 0 ? Math.min(25, Math.max(2, Math.round(delayMs / 10))) : 0;
}

export class SharedHostSlots implements Slots {
  readonly concurrency: number;
  readonly #options: SharedSlotsOptions;
  readonly #hosts = new Map<string, Host>();
  readonly #syncEveryMs: number;
  readonly #idleReleaseMs: number;
  #blocks: { origin: string; until: number }[] = [];
  #delays: { origin: string; delayMs: number }[] = [];
  #active = 0;
  #syncing = false;
  #timer: NodeJS.Timeout | undefined;
  #timerAt = 0;
  #failures = 0;
  #closed = false;
  #available: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(options: SharedSlotsOptions) {
    for (const name of ['concurrency', 'perHost'] as const) {
      if (!Number.isInteger(options[name]) || options[name] < 1) throw new OptionError(name, options[name], 'must be an integer >= 1');
    }
    this.#options = options;
    this.concurrency = options.concurrency;
    this.#syncEveryMs = options.syncEveryMs ?? 100;
    this.#idleReleaseMs = options.idleReleaseMs ?? 250;
  }

  get active(): number {
    return this.#active;
  }

  tryAcquire(origin: string): Permit | undefined {
    if (this.#closed || this.#active >= this.concurrency) return undefined;
    const host = this.#host(origin);
    if (host.waiters.length > 0) return undefined;
    return this.#take(host, Date.now());
  }

  acquire(origin: string, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#closed) return Promise.reject(new Error('slots closed'));
    const permit = this.tryAcquire(origin);
    if (permit) return Promise.resolve(permit);
    const host = this.#host(origin);
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = signal
        ? (): void => {
            const index = host.waiters.indexOf(waiter);
            if (index >= 0) host.waiters.splice(index, 1);
            reject(signal.reason);
          }
        : undefined;
      const waiter: Waiter = { resolve, reject, signal, onAbort };
      if (signal && onAbort) signal.addEventListener('abort', onAbort, { once: true });
      host.waiters.push(waiter);
      this.#schedule(0);
    });
  }

  onAvailable(): Promise<void> {
    if (!this.#available) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#available = { promise, resolve };
    }
    return this.#available.promise;
  }

  block(origin: string, untilEpochMs: number): void {
    const host = this.#host(origin);
    if (untilEpochMs <= host.blockedUntil) return;
    host.blockedUntil = untilEpochMs;
    this.#blocks.push({ origin, until: untilEpochMs });
    this.#schedule(0);
  }

  setDelay(origin: string, delayMs: number): void {
    this.#host(origin).delayMs = Math.max(this.#options.delayMs, delayMs);
    this.#delays.push({ origin, delayMs });
    this.#schedule(0);
  }

  readyInMs(origin: string): number {
    const host = this.#hosts.get(origin);
    if (!host) return 0;
    return Math.max(0, Math.max(host.readyAt, host.blockedUntil) - Date.now());
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const host of this.#hosts.values()) {
      for (const waiter of host.waiters.splice(0)) {
        if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.reject(new Error('slots closed'));
      }
    }
    this.#notify();
  }

  /** Gives every permit back to the job now (a worker leaving); best effort. */
  async releaseAll(): Promise<void> {
    const hosts = [...this.#hosts.values()].filter((host) => host.held > 0);
    if (hosts.length === 0) return;
    await this.#options
      .sync({ ...this.#base(), hosts: hosts.map((host) => ({ origin: host.origin, want: 0, release: host.held })) })
      .catch(() => undefined);
  }

  #host(origin: string): Host {
    let host = this.#hosts.get(origin);
    if (!host) {
      host = new Host(origin, this.#options.delayMs);
      this.#hosts.set(origin, host);
    }
    return host;
  }

  #take(host: Host, now: number): Permit | undefined {
    if (host.delayMs > 0 && host.held > host.inUse && now > host.startBy) {
      // A grant must be used at once (see startSlackMs): one that waited is given back.
      host.release += host.held - host.inUse;
      host.held = host.inUse;
    }
    if (now < host.readyAt || now < host.blockedUntil) {
      host.want++;
      this.#schedule(Math.max(host.readyAt, host.blockedUntil) - now);
      return undefined;
    }
    if (host.inUse >= host.held) {
      host.want++;
      this.#schedule(host.deniedAt > 0 ? host.deniedAt + this.#syncEveryMs - now : 0);
      return undefined;
    }
    host.inUse++;
    host.lastUse = now;
    this.#active++;
    let released = false;
    return {
      origin: host.origin,
      release: () => {
        if (released) return;
        released = true;
        this.#release(host);
      },
    };
  }

  #release(host: Host): void {
    this.#active--;
    host.inUse--;
    host.lastUse = Date.now();
    // With a delay each start needs its own grant; a worker over its share gives back as it goes.
    if (host.delayMs > 0 || host.excess > 0) {
      host.held--;
      host.release++;
      if (host.excess > 0) host.excess--;
      this.#schedule(0);
    }
    this.#pump(host);
    this.#notify();
  }

  /** Serves acquire() waiters from free held permits. */
  #pump(host: Host): void {
    while (host.waiters.length > 0 && this.#active < this.concurrency) {
      const permit = this.#take(host, Date.now());
      if (!permit) return;
      const waiter = host.waiters.shift()!;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(permit);
    }
  }

  #schedule(inMs: number): void {
    if (this.#closed) return;
    const at = Date.now() + Math.max(0, inMs);
    if (this.#timer && this.#timerAt <= at) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#sync();
    }, Math.max(0, inMs));
    // Only a worker waiting on the job needs the timer to keep the process alive.
    if (!this.#available && ![...this.#hosts.values()].some((host) => host.waiters.length > 0)) this.#timer.unref();
  }

  #base(): Omit<HostSyncRequest, 'hosts'> {
    const { worker, perHost, delayMs, staleMs } = this.#options;
    return { worker, perHost, delayMs, staleMs, startSlackMs: startSlackMs(delayMs) };
  }

  async #sync(): Promise<void> {
    if (this.#syncing || this.#closed) return;
    this.#syncing = true;
    const now = Date.now();
    const sent = new Map<Host, { want: number; release: number }>();
    for (const host of this.#hosts.values()) {
      // Permits nobody used for a moment go back, so idle hosts don't hold the job's capacity.
      if (host.held > host.inUse && host.want === 0 && host.waiters.length === 0 && now - host.lastUse > this.#idleReleaseMs) {
        host.release += host.held - host.inUse;
        host.held = host.inUse;
      }
      const want = Math.min(this.#options.perHost, host.want + host.waiters.length);
      if (want > 0 || host.release > 0 || host.held > 0) sent.set(host, { want, release: host.release });
      else if (host.waiters.length === 0 && host.blockedUntil <= now) this.#hosts.delete(host.origin);
    }
    const blocks = this.#blocks;
    const delays = this.#delays;
    this.#blocks = [];
    this.#delays = [];
    let reply: HostSyncReply | undefined;
    const askedAt = Date.now();
    try {
      reply = await this.#options.sync({
        ...this.#base(),
        hosts: [...sent].map(([host, ask]) => ({ origin: host.origin, want: ask.want, release: ask.release })),
        ...(blocks.length > 0 ? { blocks } : {}),
        ...(delays.length > 0 ? { delays } : {}),
      });
      this.#failures = 0;
    } catch (error) {
      // The frontier is unreachable: keep what is held, resend the blocks, try again later.
      this.#blocks.unshift(...blocks);
      this.#delays.unshift(...delays);
      if (this.#failures++ === 0) this.#options.onError?.(error);
    }
    this.#syncing = false;
    if (reply) this.#apply(reply, sent, askedAt);
    for (const host of sent.keys()) this.#pump(host);
    this.#notify();
    this.#planNext();
  }

  #apply(reply: HostSyncReply, sent: Map<Host, { want: number; release: number }>, askedAt: number): void {
    const local = Date.now();
    const byOrigin = new Map([...sent.keys()].map((host) => [host.origin, host]));
    for (const grant of reply.grants) {
      const host = byOrigin.get(grant.origin);
      if (!host) continue;
      const ask = sent.get(host)!;
      host.release -= ask.release;
      // Releases made while the sync was under way are not in the reply's count yet.
      host.held = Math.max(host.inUse, grant.held - host.release);
      host.excess = grant.excess;
      // Demand is asked afresh: the engine retries every waiting request after this sync.
      host.want = 0;
      host.readyAt = grant.readyAt > 0 ? grant.readyAt - reply.now + local : 0;
      host.deniedAt = ask.want > 0 && grant.granted === 0 && grant.readyAt === 0 ? local : 0;
      // Measured from when we asked, which is before the frontier granted: a safe bound.
      if (grant.granted > 0) host.startBy = askedAt + startSlackMs(Math.max(host.delayMs, this.#options.delayMs));
    }
  }

  #planNext(): void {
    if (this.#closed) return;
    const now = Date.now();
    let next = Number.POSITIVE_INFINITY;
    for (const host of this.#hosts.values()) {
      if (host.release > 0) next = 0;
      const wanting = host.want > 0 || host.waiters.length > 0;
      if (wanting) {
        const gate = Math.max(host.readyAt, host.blockedUntil, host.deniedAt > 0 ? host.deniedAt + this.#syncEveryMs : 0);
        next = Math.min(next, Math.max(0, gate - now));
      }
      if (host.held > 0) next = Math.min(next, this.#syncEveryMs);
    }
    if (this.#failures > 0) next = Math.max(next === Number.POSITIVE_INFINITY ? 0 : next, Math.min(5000, 250 * 2 ** this.#failures));
    if (next !== Number.POSITIVE_INFINITY) this.#schedule(next);
  }

  #notify(): void {
    const available = this.#available;
    if (available) {
      this.#available = undefined;
      available.resolve();
    }
  }
}
