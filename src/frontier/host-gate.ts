// The job-wide politeness rule, as one pure function over one host's state, so that the memory
// and SQLite backends apply exactly the same rule inside their own transaction (the Redis
// backend runs the same steps in Lua: backends/redis-sync-script.ts).
//
// Per host the job keeps: when the next request may start (delay), until when it is blocked
// (Retry-After), its own delay (robots.txt Crawl-delay), and per worker how many permits it
// holds (requests in flight) and when it last asked. A worker's permits count only while the
// worker is alive (heard from within `staleMs`), so a killed worker never starves a host.
//
//   sum(held of live workers) <= perHost        at every moment, across every machine
//   start(n+1) - start(n)     >= delay          when delay > 0 (one permit per grant; grants are
//                                               delay + startSlackMs apart, and a worker starts a
//                                               granted request within startSlackMs or drops it)
//   no grant while now < blockedUntil
//   a worker's grants stop at its fair share:   ceil(perHost / workers interested in the host)
import type { HostGrant, HostSyncRequest, HostWant } from '../types/frontier.js';
import { OptionError } from '../errors/option-error.js';

export interface HostState {
  nextStart: number;
  blockedUntil: number;
  /** The host's own minimum delay (Crawl-delay); the job's delay applies when larger. */
  delayMs: number;
}

export interface PermitState {
  readonly worker: string;
  held: number;
  /** Last time this worker wanted permits here (epoch ms). */
  askedAt: number;
}

/** A worker counts as interested in a host for this long after it last asked. */
export const INTEREST_MS = 2000;

/**
 * Applies one worker's want/release for one host. Mutates `host` and the worker's permit row
 * (`permits` holds every worker's row for this host, the caller's included or not); returns the
 * grant and the caller's row to store.
 */
export function decideHost(
  host: HostState,
  permits: readonly PermitState[],
  want: HostWant,
  request: HostSyncRequest,
  now: number,
  isLive: (worker: string) => boolean,
): { grant: HostGrant; mine: PermitState } {
  let mine = permits.find((permit) => permit.worker === request.worker);
  if (!mine) mine = { worker: request.worker, held: 0, askedAt: 0 };
  mine.held = Math.max(0, mine.held - Math.max(0, Math.trunc(want.release)));
  if (want.want > 0) mine.askedAt = now;

  let inFlight = mine.held;
  let interested = mine.held > 0 || now - mine.askedAt < INTEREST_MS ? 1 : 0;
  for (const permit of permits) {
    if (permit.worker === request.worker || !isLive(permit.worker)) continue;
    inFlight += permit.held;
    if (permit.held > 0 || now - permit.askedAt < INTEREST_MS) interested++;
  }
  const share = Math.ceil(request.perHost / Math.max(1, interested));
  const delay = Math.max(request.delayMs, host.delayMs);
  let granted = 0;
  let readyAt = 0;
  if (host.blockedUntil > now) {
    readyAt = host.blockedUntil;
  } else if (delay > 0 && host.nextStart > now) {
    readyAt = host.nextStart;
  } else if (want.want > 0) {
    granted = Math.max(0, Math.min(want.want, request.perHost - inFlight, share - mine.held));
    if (delay > 0) {
      granted = Math.min(granted, 1);
      if (granted > 0) host.nextStart = now + delay + (request.startSlackMs ?? 0);
    }
  }
  mine.held += granted;
  return {
    grant: { origin: want.origin, granted, held: mine.held, excess: Math.max(0, mine.held - share), readyAt },
    mine,
  };
}

/** Checks a sync request before any state changes. */
export function checkSyncRequest(request: HostSyncRequest): void {
  if (request === null || typeof request !== 'object') throw new OptionError('syncHosts', request, 'must be an object');
  if (typeof request.worker !== 'string' || request.worker === '') throw new OptionError('worker', request.worker, 'must be a non-empty string');
  if (!Number.isInteger(request.perHost) || request.perHost < 1) throw new OptionError('perHost', request.perHost, 'must be an integer >= 1');
  if (!Number.isFinite(request.delayMs) || request.delayMs < 0) throw new OptionError('delayMs', request.delayMs, 'must be a number >= 0');
  if (!Number.isFinite(request.staleMs) || request.staleMs <= 0) throw new OptionError('staleMs', request.staleMs, 'must be a positive number');
  const slack = request.startSlackMs ?? 0;
  if (!Number.isFinite(slack) || slack < 0) throw new OptionError('startSlackMs', request.startSlackMs, 'must be a number >= 0');
  for (const host of request.hosts) {
    if (typeof host.origin !== 'string' || host.origin === '') throw new OptionError('hosts[].origin', host.origin, 'must be a non-empty string');
    if (!Number.isInteger(host.want) || host.want < 0) throw new OptionError('hosts[].want', host.want, 'must be an integer >= 0');
    if (!Number.isInteger(host.release) || host.release < 0) throw new OptionError('hosts[].release', host.release, 'must be an integer >= 0');
  }
}

/** A block only ever moves later; a delay is replaced. */
export function applyBlocksAndDelays(
  request: HostSyncRequest,
  hostFor: (origin: string) => HostState,
): void {
  for (const { origin, until } of request.blocks ?? []) {
    const host = hostFor(origin);
    if (until > host.blockedUntil) host.blockedUntil = Math.trunc(until);
  }
  for (const { origin, delayMs } of request.delays ?? []) hostFor(origin).delayMs = Math.max(0, Math.trunc(delayMs));
}
