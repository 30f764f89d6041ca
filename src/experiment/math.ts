// The experiment's arithmetic (pure): the ideal time of a run and how close the run came to it.
import type { BenchRow, Measurement } from './types.js';

/**
 * The time waiting alone takes: requests go out in waves of `concurrency`, each wave costs one
 * delay. serial is concurrency 1 (requests x delay), pool is P, async is C.
 */
export function idealMs(requests: number, concurrency: number, delayMs: number): number {
  if (requests <= 0) return 0;
  return Math.ceil(requests / Math.max(1, concurrency)) * delayMs;
}

/** Rounds to a millisecond in seconds (3 decimals), so JSON stays readable. */
function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

export function toRow(m: Measurement): BenchRow {
  const ideal = idealMs(m.requests, m.concurrency, m.delayMs);
  const failed = m.errors > 0;
  return {
    mode: m.mode,
    requests: m.requests,
    concurrency: m.concurrency,
    wallSeconds: seconds(m.wallMs),
    idealSeconds: seconds(ideal),
    requestsPerSecond: m.wallMs > 0 ? Math.round((m.ok / m.wallMs) * 1000 * 10) / 10 : 0,
    efficiency: failed || m.wallMs <= 0 ? null : Math.round((ideal / m.wallMs) * 1000) / 1000,
    ok: m.ok,
    errors: m.errors,
    ...(m.firstError !== undefined ? { firstError: m.firstError } : {}),
  };
}
