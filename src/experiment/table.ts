// The report as text (pure): aligned tables for a terminal, and the JSON document for scripts.
import type { BenchReport, BenchRow } from './types.js';

function percent(efficiency: number | null, errors: number): string {
  if (efficiency === null) return errors > 0 ? 'FAILED' : '--';
  return `${(efficiency * 100).toFixed(1)}%`;
}

/** Pads columns to their widest cell; numbers right-aligned, words left-aligned. */
export function alignColumns(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

const NUMERIC = [false, true, true, true, true, true, true, true];

function cells(row: BenchRow, first: string): string[] {
  return [
    first,
    String(row.requests),
    String(row.concurrency),
    row.wallSeconds.toFixed(2),
    row.requestsPerSecond.toFixed(1),
    row.idealSeconds.toFixed(2),
    percent(row.efficiency, row.errors),
    String(row.errors),
  ];
}

function failures(rows: readonly BenchRow[], label: (row: BenchRow) => string): string[] {
  return rows
    .filter((row) => row.errors > 0)
    .map((row) => `${label(row)}: ${row.errors} of ${row.requests} requests failed${row.firstError ? ` (first: ${row.firstError})` : ''}`);
}

/** The human report: the modes table, the sweep table, and a line per run that had errors. */
export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  out.push(`${report.url}/delay/${report.delayMs}/<id>, ideal = ceil(N / concurrency) x ${report.delayMs} ms, efficiency = ideal / wall`);
  if (report.modes.length > 0) {
    out.push('');
    out.push(
      alignColumns(
        ['mode', 'N', 'conc', 'wall s', 'req/s', 'ideal s', 'efficiency', 'errors'],
        report.modes.map((row) => cells(row, row.mode)),
        NUMERIC,
      ),
    );
  }
  if (report.sweep.length > 0) {
    out.push('');
    out.push('async sweep (N = 5 x C)');
    out.push(
      alignColumns(
        ['C', 'N', 'wall s', 'req/s', 'ideal s', 'efficiency', 'errors'],
        // The mode's concurrency column is C itself here.
        report.sweep.map((row) => cells(row, String(row.concurrency)).filter((_, i) => i !== 2)),
        NUMERIC.slice(1),
      ),
    );
  }
  const failed = [...failures(report.modes, (row) => row.mode), ...failures(report.sweep, (row) => `async C=${row.concurrency}`)];
  if (failed.length > 0) out.push('', ...failed);
  return `${out.join('\n')}\n`;
}

/** The report as one JSON document (what --json prints). */
export function reportJson(report: BenchReport, chart: string | null): string {
  return `${JSON.stringify({ ...report, chart }, null, 2)}\n`;
}

/** True when every run of the report got every response right. */
export function reportOk(report: BenchReport): boolean {
  return [...report.modes, ...report.sweep].every((row) => row.errors === 0);
}
