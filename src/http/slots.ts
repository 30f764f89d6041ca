// What the fetcher asks before a request starts: "may a request to this origin start now?".
// HostSlots answers for one process; SharedHostSlots (shared-slots.ts) answers for a whole job
// whose workers share one frontier, through the frontier's job-wide host state.

/** The right to run one request against `origin`. Release it once, when the response is done. */
export interface Permit {
  readonly origin: string;
  /** Gives the slot back; calling it again does nothing. */
  release(): void;
}

export interface Slots {
  /** Requests in flight at once in this process, across all hosts. */
  readonly concurrency: number;
  /** Requests in flight now in this process. */
  readonly active: number;
  /** A permit if a request to `origin` may start now, else undefined (nothing is queued). */
  tryAcquire(origin: string): Permit | undefined;
  /** Waits for a permit; requests for one host are served in call order. Rejects when `signal` aborts. */
  acquire(origin: string, signal?: AbortSignal): Promise<Permit>;
  /** Resolves when asking again may succeed: a release, a delay or block ending, a grant. */
  onAvailable(): Promise<void>;
  /** No request to `origin` starts before `untilEpochMs` (a later block wins over an earlier one). */
  block(origin: string, untilEpochMs: number): void;
  /** Overrides the minimum delay between starts for one origin (e.g. robots.txt Crawl-delay). */
  setDelay(origin: string, delayMs: number): void;
  /** Milliseconds until `origin`'s delay or block ends; 0 when it is free or only limited by concurrency. */
  readyInMs(origin: string): number;
  /** Rejects every waiter and stops all timers; permits already granted stay valid. */
  close(): void;
}
