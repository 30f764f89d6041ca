// --stats-json: a crawl's final counters as one JSON document, written when it ends (to a
// temporary name, then renamed, so a reader never sees half a file).
import { renameSync, writeFileSync } from 'node:fs';
import type { CrawlSummary } from '../../engine/crawler.js';
import type { HostTally } from './host-tally.js';

export interface StatsDocument {
  /** HTTP requests sent: every attempt, redirect hop, download and robots.txt. */
  readonly requests: number;
  /** Requests tried again: by the fetcher (network errors, 408, 429, 5xx) and after handler errors. */
  readonly retries: number;
  /** Requests that failed for good in this run. */
  readonly failed: number;
  /** Requests of the job that have failed for good, across its runs. */
  readonly failedTotal: number;
  readonly items: number;
  readonly pages: number;
  readonly files: number;
  /** Bytes received: pages, downloads, stream segments. */
  readonly bytes: number;
  /** Seconds. */
  readonly duration: number;
  readonly stoppedBy: CrawlSummary['stoppedBy'];
  /** Pages by status class. */
  readonly statuses: Readonly<Record<string, number>>;
  /** Failures by error code. */
  readonly errors: Readonly<Record<string, number>>;
  /** This process's requests, retries, failures, statuses and latency, by host. */
  readonly hosts: ReturnType<HostTally['toJSON']>;
}

export function statsDocument(summary: CrawlSummary, hosts: HostTally): StatsDocument {
  return {
    requests: summary.requests,
    retries: summary.retried,
    failed: summary.failed,
    failedTotal: summary.failedTotal,
    items: summary.items,
    pages: summary.done,
    files: summary.files,
    bytes: summary.bytes,
    duration: Math.round(summary.seconds * 1000) / 1000,
    stoppedBy: summary.stoppedBy,
    statuses: summary.statuses,
    errors: summary.errors,
    hosts: hosts.toJSON(),
  };
}

export function writeStatsFile(path: string, document: StatsDocument): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(temp, path);
}
