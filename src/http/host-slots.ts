// Per-host slots: the one place that decides whether a request may start now. It holds the
// global concurrency count and, per origin, the requests in flight, the time of the last start
// (minimum delay between starts) and a "blocked until" time (Retry-After, backoff). Callers ask
// instead of sleeping: `tryAcquire` answers at once, `acquire` queues fairly, `onAvailable`
// wakes a scheduler when something may have become possible.
//
//   waiting hosts (insertion order = round robin)     slot (one per origin)
//   ┌────────┬────────┬────────┐                      active < perHost
//   │ slot A │ slot C │ slot B │ ─ pump() grants ─▶   now >= max(lastStart + delay, blockedUntil)
//   └────────┴────────┴────────┘   while global       waiters: FIFO of acquire() calls
//                                  active < concurrency
import { OptionError } from '../errors/option-error.js';
import type { Permit, Slots } from './slots.js';

export type { Permit } from './slots.js';

export interface HostSlotsOptions {
  /** Requests in flight across all hosts. @default 16 */
  readonly concurrency?: number;
  /** Requests in flight per origin. @default 8 */
  readonly perHost?: number;
  /** Minimum milliseconds between two request starts on one origin. @default 0 */
  readonly delayMs?: number;
}

interface Waiter {
  readonly resolve: (permit: Permit) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

class Slot {
  active = 0;
  lastStart = Number.NEGATIVE_INFINITY;
  blockedUntil = 0;
  /** Set by setDelay (robots Crawl-delay): kept even when the slot is idle. */
  pinned = false;
  timer: NodeJS.Timeout | undefined;
  readonly waiters: Waiter[] = [];
  constructor(
    readonly origin: string,
    public delayMs: number,
  ) {}

  readyAt(): number {
    return Math.max(this.blockedUntil, this.lastStart + this.delayMs);
  }
}

// Set by HostSlots' static block: lets a permit give its slot back without a public method.
let releaseSlot: (owner: HostSlots, slot: Slot) => void;

class SlotPermit implements Permit {
  #released = false;
  constructor(
    readonly origin: string,
    readonly slot: Slot,
    readonly owner: HostSlots,
  ) {}

  release(): void {
    if (this.#released) return;
    this.#released = true;
    releaseSlot(this.owner, this.slot);
  }
}

const SWEEP_EVERY = 4096;

export class HostSlots implements Slots {
  readonly concurrency: number;
  readonly perHost: number;
  readonly delayMs: number;
  readonly #slots = new Map<string, Slot>();
  /** Slots with acquire() waiters, oldest first; a slot moves to the back after each grant. */
  readonly #waiting = new Set<Slot>();
  /** Slots with a timer running. */
  readonly #armed = new Set<Slot>();
  #active = 0;
  #available: { promise: Promise<void>; resolve: () => void } | undefined;
  #operations = 0;
  #closed = false;

  constructor(options: HostSlotsOptions = {}) {
    this.concurrency = positiveInteger('concurrency', options.concurrency ?? 16);
    this.perHost = positiveInteger('perHost', options.perHost ?? 8);
    this.delayMs = options.delayMs ?? 0;
    if (!Number.isFinite(this.delayMs) || this.delayMs < 0) {
      throw new OptionError('delayMs', options.delayMs, 'must be a number >= 0');
    }
  }

  /** Requests in flight across all hosts. */
  get active(): number {
    return this.#active;
  }

  /** acquire() calls still waiting. */
  get waiting(): number {
    let count = 0;
    for (const slot of this.#waiting) count += slot.waiters.length;
    return count;
  }

  /** A permit if a request to `origin` may start now, else undefined (nothing is queued). */
  tryAcquire(origin: string): Permit | undefined {
    this.#maybeSweep();
    const slot = this.#slot(origin);
    if (slot.waiters.length > 0 || this.#active >= this.concurrency || slot.active >= this.perHost) return undefined;
    const now = Date.now();
    if (slot.readyAt() > now) {
      // The caller will wait on onAvailable(): make sure a timer wakes it when the host is ready.
      this.#arm(slot, now);
      return undefined;
    }
    return this.#grant(slot, now);
  }

  /** Waits for a permit; requests for one host are served in call order. Rejects when `signal` aborts. */
  acquire(origin: string, signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#closed) return Promise.reject(new Error('HostSlots closed'));
    const permit = this.tryAcquire(origin);
    if (permit) return Promise.resolve(permit);
    const slot = this.#slot(origin);
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = signal
        ? (): void => {
            const index = slot.waiters.indexOf(waiter);
            if (index >= 0) slot.waiters.splice(index, 1);
            if (slot.waiters.length === 0) this.#waiting.delete(slot);
            reject(signal.reason);
          }
        : undefined;
      const waiter: Waiter = { resolve, reject, signal, onAbort };
      if (signal && onAbort) signal.addEventListener('abort', onAbort, { once: true });
      slot.waiters.push(waiter);
      this.#waiting.add(slot);
      slot.timer?.ref();
      const now = Date.now();
      if (slot.readyAt() > now) this.#arm(slot, now);
    });
  }

  /** Milliseconds until `origin`'s delay or block ends; 0 when it is free or only limited by concurrency. */
  readyInMs(origin: string): number {
    const slot = this.#slots.get(origin);
    if (!slot) return 0;
    return Math.max(0, slot.readyAt() - Date.now());
  }

  /** No request to `origin` starts before `untilEpochMs` (a later block wins over an earlier one). */
  block(origin: string, untilEpochMs: number): void {
    const slot = this.#slot(origin);
    if (untilEpochMs <= slot.blockedUntil) return;
    slot.blockedUntil = untilEpochMs;
    if (slot.waiters.length > 0) this.#arm(slot, Date.now());
  }

  /** Overrides the minimum delay between starts for one origin (e.g. robots.txt Crawl-delay). */
  setDelay(origin: string, delayMs: number): void {
    const slot = this.#slot(origin);
    slot.delayMs = delayMs;
    slot.pinned = true;
    this.#pump();
  }

  /** Resolves at the next release, or when a delay or block timer ends: time to ask again. */
  onAvailable(): Promise<void> {
    if (!this.#available) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#available = { promise, resolve };
      // Someone now waits on the timers: they must keep the process alive until they fire.
      for (const slot of this.#armed) slot.timer?.ref();
    }
    return this.#available.promise;
  }

  /** Rejects every waiter and stops all timers; permits already granted stay valid. */
  close(): void {
    this.#closed = true;
    this.#armed.clear();
    for (const slot of this.#slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = undefined;
      for (const waiter of slot.waiters.splice(0)) {
        if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.reject(new Error('HostSlots closed'));
      }
    }
    this.#waiting.clear();
    this.#notify();
  }

  static {
    releaseSlot = (owner, slot) => owner.#release(slot);
  }

  #release(slot: Slot): void {
    this.#active--;
    slot.active--;
    if (this.#waiting.size > 0) this.#pump();
    this.#notify();
  }

  #slot(origin: string): Slot {
    let slot = this.#slots.get(origin);
    if (!slot) {
      slot = new Slot(origin, this.delayMs);
      this.#slots.set(origin, slot);
    }
    return slot;
  }

  #grant(slot: Slot, now: number): Permit {
    this.#active++;
    slot.active++;
    slot.lastStart = now;
    return new SlotPermit(slot.origin, slot, this);
  }

  /** Serves waiters in round-robin order over hosts while global capacity lasts. */
  #pump(): void {
    if (this.#waiting.size === 0 || this.#closed) return;
    const now = Date.now();
    for (const slot of [...this.#waiting]) {
      if (this.#active >= this.concurrency) return;
      let granted = false;
      while (slot.waiters.length > 0 && this.#active < this.concurrency && slot.active < this.perHost) {
        if (slot.readyAt() > now) {
          this.#arm(slot, now);
          break;
        }
        const waiter = slot.waiters.shift()!;
        if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.resolve(this.#grant(slot, now));
        granted = true;
      }
      if (slot.waiters.length === 0) {
        this.#waiting.delete(slot);
      } else if (granted) {
        // A host that was just served goes to the back of the line; one still waiting keeps its turn.
        this.#waiting.delete(slot);
        this.#waiting.add(slot);
      }
    }
  }

  /**
   * One timer per slot, firing when its delay or block ends; a timer that fires early re-arms.
   * It holds the process open only while an acquire() or onAvailable() waits for it.
   */
  #arm(slot: Slot, now: number): void {
    if (slot.timer || this.#closed) return;
    const wait = Math.max(1, slot.readyAt() - now);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      this.#armed.delete(slot);
      if (slot.waiters.length > 0) this.#pump();
      this.#notify();
    }, wait);
    if (slot.waiters.length === 0 && !this.#available) slot.timer.unref();
    this.#armed.add(slot);
  }

  #notify(): void {
    const available = this.#available;
    if (available) {
      this.#available = undefined;
      available.resolve();
    }
  }

  /** Forgets idle slots so a crawl over many hosts does not grow this map without bound. */
  #maybeSweep(): void {
    if (++this.#operations % SWEEP_EVERY !== 0) return;
    const now = Date.now();
    for (const [origin, slot] of this.#slots) {
      if (slot.active === 0 && slot.waiters.length === 0 && !slot.timer && !slot.pinned && slot.readyAt() <= now) {
        this.#slots.delete(origin);
      }
    }
  }
}

function positiveInteger(option: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new OptionError(option, value, 'must be an integer >= 1');
  return value;
}
