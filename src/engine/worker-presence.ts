// A worker's presence in a shared job: a heartbeat with its counters every second (progress
// displays sum them; the job's host permits count only for workers heard from recently), and
// the clean-up of workers that died without leaving (their leases go back at once instead of
// after the lease timeout).
import { hostname } from 'node:os';
import type { FrontierBackend, WorkerRecord } from '../types/frontier.js';

export interface PresenceOptions {
  readonly frontier: FrontierBackend;
  readonly id: string;
  readonly role: WorkerRecord['role'];
  readonly intervalMs: number;
  /** The counters to publish (JSON-serialisable). */
  readonly stats: () => unknown;
  readonly onError?: (error: unknown) => void;
}

export class WorkerPresence {
  readonly #options: PresenceOptions;
  readonly #startedAt = Date.now();
  #timer: NodeJS.Timeout | undefined;
  #failing = false;

  constructor(options: PresenceOptions) {
    this.#options = options;
  }

  /** Sends the first heartbeat (before any host permit is asked for), then one per interval. */
  async start(): Promise<void> {
    await this.beat();
    this.#timer = setInterval(() => void this.beat().catch(() => undefined), this.#options.intervalMs);
    this.#timer.unref();
  }

  async beat(): Promise<void> {
    const { frontier, id, role, stats } = this.#options;
    try {
      await frontier.heartbeat({ id, host: hostname(), pid: process.pid, role, startedAt: this.#startedAt, stats: JSON.stringify(stats()) });
      this.#failing = false;
    } catch (error) {
      if (!this.#failing) this.#options.onError?.(error);
      this.#failing = true;
      throw error;
    }
  }

  /**
   * Stops the heartbeats after a last one with the final counters: the record stays for the
   * owner's summary, and is cleared when the job's owner next starts (the process is gone).
   */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.beat().catch(() => undefined);
  }
}

/**
 * Returns the leases of workers that are certainly gone to pending: workers on this machine
 * whose process no longer exists, and workers anywhere not heard from for `staleMs`.
 */
export async function reclaimDeadWorkers(frontier: FrontierBackend, staleMs: number, self: string): Promise<number> {
  const here = hostname();
  let reclaimed = 0;
  const now = Date.now();
  for (const worker of await frontier.workers()) {
    if (worker.id === self) continue;
    const gone = (worker.host === here && !processExists(worker.pid)) || now - worker.seenAt > staleMs;
    if (!gone) continue;
    reclaimed += await frontier.reclaimWorker(worker.id);
    await frontier.removeWorker(worker.id);
  }
  return reclaimed;
}

function processExists(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
