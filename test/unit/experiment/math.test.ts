import { describe, expect, it } from 'vitest';
import { idealMs, toRow } from '../../../src/experiment/math.js';
import type { Measurement } from '../../../src/experiment/types.js';

const measured = (over: Partial<Measurement>): Measurement => ({
  mode: 'async',
  requests: 500,
  concurrency: 100,
  delayMs: 100,
  wallMs: 625,
  ok: 500,
  errors: 0,
  ...over,
});

describe('ideal time', () => {
  it('is N x delay for serial (concurrency 1)', () => {
    expect(idealMs(40, 1, 100)).toBe(4000);
  });

  it('is ceil(N / P) x delay for a pool of P threads', () => {
    expect(idealMs(40, 4, 100)).toBe(1000);
    expect(idealMs(41, 4, 100)).toBe(1100);
  });

  it('is ceil(N / C) x delay for async, one delay when C exceeds N', () => {
    expect(idealMs(5000, 1000, 100)).toBe(500);
    expect(idealMs(20, 100, 50)).toBe(50);
  });

  it('is zero for no requests or no delay', () => {
    expect(idealMs(0, 4, 100)).toBe(0);
    expect(idealMs(10, 4, 0)).toBe(0);
  });
});

describe('a table row', () => {
  it('gives efficiency as ideal / wall, wall and ideal in seconds, and successful requests per second', () => {
    const row = toRow(measured({}));
    expect(row.idealSeconds).toBe(0.5);
    expect(row.wallSeconds).toBe(0.625);
    expect(row.efficiency).toBe(0.8);
    expect(row.requestsPerSecond).toBe(800);
  });

  it('has no efficiency when any request failed, so a failing mode never looks fast', () => {
    const row = toRow(measured({ ok: 499, errors: 1, wallMs: 400, firstError: 'a7: HTTP 503' }));
    expect(row.efficiency).toBeNull();
    expect(row.errors).toBe(1);
    expect(row.firstError).toBe('a7: HTTP 503');
    expect(row.requestsPerSecond).toBe(1247.5);
  });

  it('uses the pool size as the concurrency of pool mode', () => {
    const row = toRow(measured({ mode: 'pool', requests: 40, concurrency: 4, wallMs: 1250, ok: 40 }));
    expect(row.idealSeconds).toBe(1);
    expect(row.efficiency).toBe(0.8);
  });
});
