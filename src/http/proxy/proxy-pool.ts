// The proxies a Fetcher rotates through, their health and their statistics.
//
//   pick(origin) ──▶ rotation: 'request' = round robin, 'host' = hash(origin) → a fixed member
//                      │ skip members that are benched or already tried for this request
//                      ▼
//                   member ──▶ fail(): benched for benchMs · 2^(strikes-1), at most maxBenchMs
//                          ──▶ succeed(): strikes back to 0 ("back" event after a bench)
//
// When every member not yet tried is benched, pick() waits for the first to come back, at most
// waitMs in all; past that it throws ProxyError 'unavailable'. While no proxy has ever answered,
// it throws at once instead of waiting: a list of proxies that are all down is a setting to fix.
import { ProxyError, type ProxyFault } from '../../errors/proxy-error.js';
import { sleep } from '../../util/backoff.js';
import type { Dispatcher } from 'undici';

export type ProxyRotation = 'request' | 'host';

/** One proxy's counters, as the progress display shows them. */
export interface ProxyStats {
  /** The proxy URL, password masked. */
  readonly proxy: string;
  /** Requests sent through it (each attempt, each redirect hop). */
  readonly requests: number;
  /** Connection failures, 407s, refusals and bans. */
  readonly failures: number;
  /** Of the failures, answers with a ban status (403/429) that another proxy did not get. */
  readonly bans: number;
  /** Whether it is benched now. */
  readonly benched: boolean;
  /** Epoch ms when its bench ends (0 when not benched). */
  readonly benchedUntil: number;
}

export interface PoolSettings {
  readonly rotation: ProxyRotation;
  /** First bench; doubled for each further failure in a row. */
  readonly benchMs: number;
  readonly maxBenchMs: number;
  /** Longest pick() waits, in all, for a benched proxy to come back. */
  readonly waitMs: number;
}

export type PoolEvent = { readonly change: 'benched' | 'back'; readonly stats: ProxyStats; readonly reason: string };

export interface MemberSpec {
  /** The name used in messages (password masked). */
  readonly label: string;
  /** True when the proxy resolves target names itself (checked here first with the guard on). */
  readonly proxyResolves: boolean;
  /** false: never benched (the environment's proxy, the only route there is). */
  readonly benchable: boolean;
  readonly create: () => Dispatcher;
}

export class PoolMember {
  requests = 0;
  failures = 0;
  bans = 0;
  strikes = 0;
  benchedUntil = 0;
  /** Why it was last benched, for the message when no proxy is left. */
  lastReason = '';
  #dispatcher: Dispatcher | undefined;
  #undo: { strikes: number; benchedUntil: number } | undefined;

  constructor(readonly spec: MemberSpec) {}

  get label(): string {
    return this.spec.label;
  }

  /** Made on first use: a proxy never picked opens nothing. */
  get dispatcher(): Dispatcher {
    return (this.#dispatcher ??= this.spec.create());
  }

  get created(): Dispatcher | undefined {
    return this.#dispatcher;
  }

  stats(now = Date.now()): ProxyStats {
    const benched = this.benchedUntil > now;
    return {
      proxy: this.label,
      requests: this.requests,
      failures: this.failures,
      bans: this.bans,
      benched,
      benchedUntil: benched ? this.benchedUntil : 0,
    };
  }

  /** Remembers the state before a tentative bench, so that `ProxyPool.clear` can undo it. */
  saveForUndo(): void {
    this.#undo = { strikes: this.strikes, benchedUntil: this.benchedUntil };
  }

  takeUndo(): { strikes: number; benchedUntil: number } | undefined {
    const undo = this.#undo;
    this.#undo = undefined;
    return undo;
  }
}

/** FNV-1a: a stable, cheap spread of origins over members for 'host' rotation. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class ProxyPool {
  readonly members: readonly PoolMember[];
  #cursor = 0;
  #everAnswered = false;

  constructor(
    specs: readonly MemberSpec[],
    readonly settings: PoolSettings,
    readonly onEvent: (event: PoolEvent) => void,
  ) {
    this.members = specs.map((spec) => new PoolMember(spec));
  }

  get size(): number {
    return this.members.length;
  }

  /**
   * A member for a request to `origin`, not one of `tried`; waits while every candidate is
   * benched (bounded, see above). undefined when every member has been tried.
   */
  async pick(origin: string, tried: ReadonlySet<PoolMember>, signal: AbortSignal | undefined): Promise<PoolMember | undefined> {
    const deadline = Date.now() + this.settings.waitMs;
    for (;;) {
      const now = Date.now();
      const member = this.#available(origin, tried, now);
      if (member) {
        member.requests++;
        return member;
      }
      const candidates = this.members.filter((m) => !tried.has(m));
      if (candidates.length === 0) return undefined;
      const soonest = Math.min(...candidates.map((m) => m.benchedUntil));
      if (!this.#everAnswered) {
        throw new ProxyError(this.#describe(candidates), 'unavailable', `${candidates[0]!.lastReason}; no proxy has answered yet`);
      }
      if (soonest > deadline) {
        const seconds = Math.ceil((soonest - now) / 1000);
        throw new ProxyError(this.#describe(candidates), 'unavailable', `every proxy is benched; the first comes back in ${seconds} s`);
      }
      await sleep(Math.max(1, soonest - now), signal);
    }
  }

  /** The member answered (whatever the status): its strikes are forgiven. */
  succeed(member: PoolMember): void {
    this.#everAnswered = true;
    if (member.strikes === 0) return;
    member.strikes = 0;
    member.benchedUntil = 0;
    this.onEvent({ change: 'back', stats: member.stats(), reason: 'answered again' });
  }

  /** Benches `member` for a failure of kind `fault`. */
  fail(member: PoolMember, fault: ProxyFault, reason: string): void {
    member.failures++;
    member.lastReason = reason;
    if (fault === 'banned') member.bans++;
    if (!member.spec.benchable) return;
    member.strikes++;
    const { benchMs, maxBenchMs } = this.settings;
    const ms = Math.min(maxBenchMs, benchMs * 2 ** Math.min(member.strikes - 1, 30));
    member.benchedUntil = Date.now() + ms;
    this.onEvent({ change: 'benched', stats: member.stats(), reason });
  }

  /** Benches `member` for a ban status, in a way `clear` can undo. */
  failTentatively(member: PoolMember, reason: string): void {
    member.saveForUndo();
    this.fail(member, 'banned', reason);
  }

  /** Undoes a tentative bench: the status was the site's answer to everyone, not a ban. */
  clear(member: PoolMember): void {
    const undo = member.takeUndo();
    if (!undo) return;
    member.failures--;
    member.bans--;
    member.strikes = undo.strikes;
    member.benchedUntil = undo.benchedUntil;
    this.#everAnswered = true;
    this.onEvent({ change: 'back', stats: member.stats(), reason: 'the status was the site\'s answer, not a ban' });
  }

  stats(): ProxyStats[] {
    const now = Date.now();
    return this.members.map((member) => member.stats(now));
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((member) => member.created?.close()));
  }

  #available(origin: string, tried: ReadonlySet<PoolMember>, now: number): PoolMember | undefined {
    const n = this.members.length;
    const start = this.settings.rotation === 'host' ? hash(origin) % n : this.#cursor % n;
    for (let i = 0; i < n; i++) {
      const member = this.members[(start + i) % n]!;
      if (tried.has(member) || member.benchedUntil > now) continue;
      if (this.settings.rotation === 'request') this.#cursor = (start + i + 1) % n;
      return member;
    }
    return undefined;
  }

  #describe(members: readonly PoolMember[]): string {
    const labels = members.slice(0, 3).map((member) => member.label).join(', ');
    return members.length <= 3 ? labels : `${labels}, … (${members.length} in all)`;
  }
}
