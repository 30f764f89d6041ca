// The report as a self-contained SVG chart (pure; no fonts, scripts or links to fetch). Two panels:
//
//   ┌ wall time per mode ─────────┐  ┌ async: wall time vs C ──────────┐
//   │  █        bars = wall       │  │  ●──●──●──●   line = wall        │
//   │  █ ┄┄     dashes = ideal    │  │  ┄┄┄┄┄┄┄┄┄    dashes = ideal     │
//   └ serial pool async ──────────┘  └ 1  10  100  1000 (log x) ───────┘
//
// Written by hand: a chart library would be a large dependency for two panels of rectangles.
import type { BenchReport, BenchRow } from './types.js';

const WIDTH = 920;
const HEIGHT = 400;
const TOP = 70;
const BOTTOM = 320;
const FONT = 'font-family="sans-serif"';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A number short enough for an attribute. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Drops binary floating-point noise (0.6000000000000001 -> 0.6). */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** The smallest 1/2/5 x 10^k step giving at most `ticks` intervals up to `max`. */
export function niceScale(max: number, ticks = 5): { readonly max: number; readonly step: number } {
  if (!(max > 0)) return { max: 1, step: 0.2 };
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = tidy([1, 2, 5, 10].map((f) => f * power).find((s) => s >= rough) ?? 10 * power);
  return { max: tidy(Math.ceil(max / step - 1e-9) * step), step };
}

function tickLabel(value: number, step: number): string {
  const decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step)));
  return value.toFixed(decimals);
}

function efficiencyLabel(row: BenchRow): string {
  return row.efficiency === null ? '--' : `${Math.round(row.efficiency * 100)}%`;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}" ${FONT} ${attrs}>${escapeXml(content)}</text>`;
}

interface Panel {
  readonly left: number;
  readonly right: number;
}

/** The y axis (seconds) of a panel with grid lines; returns the value -> y mapping. */
function yAxis(out: string[], panel: Panel, maxSeconds: number): (seconds: number) => number {
  const scale = niceScale(maxSeconds);
  const y = (seconds: number): number => BOTTOM - (seconds / scale.max) * (BOTTOM - TOP);
  for (let i = 0; i * scale.step <= scale.max + scale.step / 2; i++) {
    const v = tidy(i * scale.step);
    out.push(`<line x1="${n(panel.left)}" y1="${n(y(v))}" x2="${n(panel.right)}" y2="${n(y(v))}" stroke="#e4e4e4"/>`);
    out.push(text(panel.left - 6, y(v) + 4, tickLabel(v, scale.step), 'font-size="11" text-anchor="end" fill="#444"'));
  }
  out.push(`<line x1="${n(panel.left)}" y1="${TOP}" x2="${n(panel.left)}" y2="${BOTTOM}" stroke="#333"/>`);
  out.push(`<line x1="${n(panel.left)}" y1="${BOTTOM}" x2="${n(panel.right)}" y2="${BOTTOM}" stroke="#333"/>`);
  const mid = (TOP + BOTTOM) / 2;
  out.push(text(panel.left - 42, mid, 'wall time (s)', `font-size="12" text-anchor="middle" transform="rotate(-90 ${n(panel.left - 42)} ${n(mid)})"`));
  return y;
}

function emptyPanel(out: string[], panel: Panel, message: string): void {
  out.push(text((panel.left + panel.right) / 2, (TOP + BOTTOM) / 2, message, 'font-size="13" text-anchor="middle" fill="#888"'));
}

function modesPanel(out: string[], rows: readonly BenchRow[], panel: Panel): void {
  out.push(text(panel.left, TOP - 22, 'wall time per mode (dashes: ideal)', 'font-size="14" font-weight="bold"'));
  if (rows.length === 0) return emptyPanel(out, panel, 'no modes run');
  const y = yAxis(out, panel, Math.max(...rows.map((r) => Math.max(r.wallSeconds, r.idealSeconds))));
  const slot = (panel.right - panel.left) / rows.length;
  const barWidth = Math.min(90, slot * 0.6);
  rows.forEach((row, i) => {
    const x = panel.left + slot * i + (slot - barWidth) / 2;
    const failed = row.errors > 0;
    const tip = `${row.mode}: ${row.requests} requests, concurrency ${row.concurrency}, wall ${row.wallSeconds} s, ideal ${row.idealSeconds} s${failed ? `, ${row.errors} errors` : ''}`;
    out.push(
      `<rect class="bar" data-mode="${escapeXml(row.mode)}" x="${n(x)}" y="${n(y(row.wallSeconds))}" width="${n(barWidth)}" height="${n(BOTTOM - y(row.wallSeconds))}" fill="${failed ? '#c0392b' : '#4a7dbf'}"><title>${escapeXml(tip)}</title></rect>`,
    );
    out.push(`<line class="ideal" x1="${n(x - 6)}" y1="${n(y(row.idealSeconds))}" x2="${n(x + barWidth + 6)}" y2="${n(y(row.idealSeconds))}" stroke="#222" stroke-width="2" stroke-dasharray="5 3"/>`);
    const label = failed ? `FAILED (${row.errors} errors)` : `${row.wallSeconds.toFixed(2)} s, ${efficiencyLabel(row)}`;
    out.push(text(x + barWidth / 2, y(row.wallSeconds) - 6, label, `font-size="11" text-anchor="middle"${failed ? ' fill="#c0392b"' : ''}`));
    out.push(text(x + barWidth / 2, BOTTOM + 16, row.mode, 'font-size="12" text-anchor="middle"'));
    out.push(text(x + barWidth / 2, BOTTOM + 30, `N=${row.requests}, conc ${row.concurrency}`, 'font-size="10" text-anchor="middle" fill="#555"'));
  });
  out.push(text((panel.left + panel.right) / 2, BOTTOM + 50, 'mode', 'font-size="12" text-anchor="middle"'));
}

function sweepPanel(out: string[], rows: readonly BenchRow[], panel: Panel): void {
  out.push(text(panel.left, TOP - 22, 'async sweep, N = 5 x C (dashes: ideal)', 'font-size="14" font-weight="bold"'));
  if (rows.length === 0) return emptyPanel(out, panel, 'no sweep run');
  const y = yAxis(out, panel, Math.max(...rows.map((r) => Math.max(r.wallSeconds, r.idealSeconds))));
  const lo = Math.floor(Math.log10(Math.min(...rows.map((r) => r.concurrency))));
  let hi = Math.ceil(Math.log10(Math.max(...rows.map((r) => r.concurrency))));
  if (hi === lo) hi = lo + 1;
  const pad = 16;
  const x = (c: number): number => panel.left + pad + ((Math.log10(c) - lo) / (hi - lo)) * (panel.right - panel.left - 2 * pad);
  for (let k = lo; k <= hi; k++) {
    out.push(`<line x1="${n(x(10 ** k))}" y1="${BOTTOM}" x2="${n(x(10 ** k))}" y2="${BOTTOM + 5}" stroke="#333"/>`);
    out.push(text(x(10 ** k), BOTTOM + 18, String(10 ** k), 'font-size="11" text-anchor="middle" fill="#444"'));
  }
  const ideal = rows.map((r) => `${n(x(r.concurrency))},${n(y(r.idealSeconds))}`).join(' ');
  out.push(`<polyline class="ideal" points="${ideal}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="5 3"/>`);
  const wall = rows.map((r) => `${n(x(r.concurrency))},${n(y(r.wallSeconds))}`).join(' ');
  out.push(`<polyline class="wall" points="${wall}" fill="none" stroke="#4a7dbf" stroke-width="2"/>`);
  for (const row of rows) {
    const failed = row.errors > 0;
    const tip = `C=${row.concurrency}: ${row.requests} requests, wall ${row.wallSeconds} s, ideal ${row.idealSeconds} s${failed ? `, ${row.errors} errors` : ''}`;
    out.push(
      `<circle class="point" data-concurrency="${row.concurrency}" cx="${n(x(row.concurrency))}" cy="${n(y(row.wallSeconds))}" r="4" fill="${failed ? '#c0392b' : '#4a7dbf'}"><title>${escapeXml(tip)}</title></circle>`,
    );
    const label = failed ? 'FAILED' : efficiencyLabel(row);
    out.push(text(x(row.concurrency), y(row.wallSeconds) - 9, label, `font-size="11" text-anchor="middle"${failed ? ' fill="#c0392b"' : ''}`));
  }
  out.push(text((panel.left + panel.right) / 2, BOTTOM + 50, 'concurrency C (log scale)', 'font-size="12" text-anchor="middle"'));
}

export function renderChart(report: BenchReport): string {
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`);
  out.push(`<title>${escapeXml(`trawl bench: ${report.url}/delay/${report.delayMs}`)}</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
  out.push(text(20, 26, `trawl bench: requests to ${report.url}/delay/${report.delayMs}/<id>`, 'font-size="15" font-weight="bold"'));
  modesPanel(out, report.modes, { left: 70, right: 430 });
  sweepPanel(out, report.sweep, { left: 540, right: 900 });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
