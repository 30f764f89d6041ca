// Live counters of one crawl run, read by progress displays and the final summary.
import type { CrawlStats } from '../types/events.js';

export class StatsCounter {
  readonly startedAt = Date.now();
  started = 0;
  done = 0;
  failed = 0;
  retried = 0;
  items = 0;
  /** Items this worker committed to the frontier for the job's owner to write. */
  queuedItems = 0;
  /** Files written by download(), writeFile() and downloadHls(). */
  files = 0;
  bytes = 0;
  /** Pending requests in the frontier, as it last counted them. */
  pending = 0;
  inFlight = 0;
  readonly statuses: Record<string, number> = {};
  readonly errors: Record<string, number> = {};

  status(status: number): void {
    const key = `${Math.floor(status / 100)}xx`;
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
  }

  error(code: string): void {
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  snapshot(): CrawlStats {
    return {
      startedAt: this.startedAt,
      done: this.done,
      failed: this.failed,
      retried: this.retried,
      pending: Math.max(0, this.pending),
      inFlight: this.inFlight,
      items: this.items,
      queuedItems: this.queuedItems,
      files: this.files,
      bytes: this.bytes,
      statuses: { ...this.statuses },
      errors: { ...this.errors },
    };
  }
}
