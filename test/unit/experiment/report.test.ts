import { describe, expect, it } from 'vitest';
import { formatReport, reportJson, reportOk } from '../../../src/experiment/table.js';
import type { BenchReport } from '../../../src/experiment/types.js';
import { row, sample } from './sample-report.js';

describe('the text report', () => {
  it('prints one aligned row per mode under a header naming every column', () => {
    const text = formatReport(sample);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('mode'));
    expect(lines[header]).toMatch(/^mode\s+N\s+conc\s+wall s\s+req\/s\s+ideal s\s+efficiency\s+errors$/);
    const table = lines.slice(header, header + 4);
    expect(table.map((l) => l.split(/\s+/)[0])).toEqual(['mode', 'serial', 'pool', 'async']);
    // Right-aligned numbers: every row ends its "wall s" column at the same place.
    const end = (l: string, cell: string) => l.indexOf(cell) + cell.length;
    expect(new Set([end(table[0]!, 'wall s'), end(table[1]!, '4.10'), end(table[2]!, '1.04'), end(table[3]!, '0.53')]).size).toBe(1);
    expect(table[1]).toContain('97.6%');
  });

  it('prints the sweep as its own table, one row per concurrency', () => {
    const text = formatReport(sample);
    const sweep = text.split('async sweep (N = 5 x C)\n')[1]!.trim().split('\n');
    expect(sweep[0]).toMatch(/^\s*C\s+N\s+wall s/);
    expect(sweep.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 2))).toEqual([
      ['1', '5'],
      ['10', '50'],
      ['100', '500'],
      ['1000', '5000'],
    ]);
  });

  it('shows FAILED instead of an efficiency for a run with errors, and says what failed first', () => {
    const failing: BenchReport = {
      ...sample,
      modes: [row({ mode: 'async', requests: 500, concurrency: 100, wallMs: 300, ok: 497, errors: 3, firstError: 'a12: HTTP 503' })],
      sweep: [],
    };
    const text = formatReport(failing);
    expect(text).toMatch(/^async\s.*FAILED\s+3$/m);
    expect(text).not.toContain('%');
    expect(text).toContain('async: 3 of 500 requests failed (first: a12: HTTP 503)');
    expect(reportOk(failing)).toBe(false);
    expect(reportOk(sample)).toBe(true);
  });

  it('gives scripts the same rows as one JSON document', () => {
    const parsed = JSON.parse(reportJson(sample, '/tmp/x.svg'));
    expect(parsed.modes.map((r: { mode: string }) => r.mode)).toEqual(['serial', 'pool', 'async']);
    expect(parsed.modes[2]).toMatchObject({ requests: 500, concurrency: 100, wallSeconds: 0.53, idealSeconds: 0.5, errors: 0 });
    expect(parsed.sweep).toHaveLength(4);
    expect(parsed.chart).toBe('/tmp/x.svg');
  });
});
