// Per-host figures of a crawl, counted from its events in this process: requests sent (with
// their statuses and latency), retries, failures, and a smoothed rate for progress displays.
import type { CrawlEvent } from '../../types/events.js';

export interface HostFigures {
  requests: number;
  retries: number;
  failed: number;
  /** Requests by status class ("2xx", "5xx"), and "error" for those that got no answer. */
  readonly statuses: Record<string, number>;
  /** Summed milliseconds to the response headers, for the average. */
  latencyMs: number;
  /** Requests a second, smoothed. */
  rate: number;
  lastCount: number;
  lastAt: number;
}

export class HostTally {
  readonly #hosts = new Map<string, HostFigures>();

  event(event: CrawlEvent): void {
    if (event.type === 'request') {
      const host = this.#host(event.url);
      if (!host) return;
      host.requests++;
      host.latencyMs += event.ms;
      const key = event.status === 0 ? 'error' : `${Math.floor(event.status / 100)}xx`;
      host.statuses[key] = (host.statuses[key] ?? 0) + 1;
    } else if (event.type === 'fetch-retry' || event.type === 'request-retry') {
      const host = this.#host(event.url);
      if (host) host.retries++;
    } else if (event.type === 'request-failed') {
      const host = this.#host(event.url);
      if (host) host.failed++;
    }
  }

  /** Updates each host's rate; call on each display tick. */
  tick(now = Date.now()): void {
    for (const host of this.#hosts.values()) {
      const seconds = (now - host.lastAt) / 1000;
      if (seconds < 0.4) continue;
      const instant = (host.requests - host.lastCount) / seconds;
      host.rate = host.rate === 0 ? instant : host.rate * 0.6 + instant * 0.4;
      host.lastCount = host.requests;
      host.lastAt = now;
    }
  }

  /** Hosts, busiest first. */
  hosts(): [string, HostFigures][] {
    return [...this.#hosts].sort((a, b) => b[1].rate - a[1].rate || b[1].requests - a[1].requests);
  }

  /** The figures as the stats file writes them. */
  toJSON(): Record<string, { requests: number; retries: number; failed: number; statuses: Record<string, number>; averageLatencyMs: number }> {
    const out: ReturnType<HostTally['toJSON']> = {};
    for (const [name, host] of [...this.#hosts].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out[name] = {
        requests: host.requests,
        retries: host.retries,
        failed: host.failed,
        statuses: { ...host.statuses },
        averageLatencyMs: host.requests > 0 ? Math.round(host.latencyMs / host.requests) : 0,
      };
    }
    return out;
  }

  #host(url: string): HostFigures | undefined {
    let name: string;
    try {
      name = new URL(url).host;
    } catch {
      return undefined;
    }
    let host = this.#hosts.get(name);
    if (!host) {
      host = { requests: 0, retries: 0, failed: 0, statuses: {}, latencyMs: 0, rate: 0, lastCount: 0, lastAt: Date.now() };
      this.#hosts.set(name, host);
    }
    return host;
  }
}
