// A report with made-up but consistent figures, shared by the table and chart tests.
import { toRow } from '../../../src/experiment/math.js';
import type { BenchReport, Measurement } from '../../../src/experiment/types.js';

export const row = (m: Partial<Measurement> & Pick<Measurement, 'mode' | 'requests' | 'concurrency' | 'wallMs'>) =>
  toRow({ delayMs: 100, ok: m.requests, errors: 0, ...m });

export const sample: BenchReport = {
  url: 'http://127.0.0.1:9000',
  delayMs: 100,
  warmUp: true,
  modes: [
    row({ mode: 'serial', requests: 40, concurrency: 1, wallMs: 4100 }),
    row({ mode: 'pool', requests: 40, concurrency: 4, wallMs: 1040 }),
    row({ mode: 'async', requests: 500, concurrency: 100, wallMs: 530 }),
  ],
  sweep: [1, 10, 100, 1000].map((c) => row({ mode: 'async', requests: 5 * c, concurrency: c, wallMs: 505 + c / 10 })),
};
