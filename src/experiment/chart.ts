// The report as a self-contained SVG chart (pure; no fonts, scripts or links to fetch). Two
// panels on one log scale of requests per second:
//
//   ┌ requests/s per mode ─────────┐  ┌ async: requests/s against C ──────┐
//   │ 1k ┄┄┄┄┄┄┄┄┄┄┄┄┄┄ █ 85x     │  │ 1k             ┄ ┄ ●             │
//   │100          ┄┄┄┄┄ █         │  │100        ┄ ┄ ●     dashes: ideal │
//   │ 10  ┄┄┄█ 1x  █ 4x  █         │  │ 10   ┄ ┄ ●         (C / delay)   │
//   └ serial   pool   async ───────┘  └ 1    10    100    1000 (log x) ──┘
//
// Why requests/s and why log scales: the modes make different numbers of requests (serial 40,
// async 5 x C), so their wall times do not compare; and a sweep makes N = 5 x C requests at each
// C, so its wall time stays flat at five delays by design and hides the very scaling it
// measures. Requests per second is the same quantity for every run, and the ideal is simply
// concurrency / delay. It spans three or four decades (serial ~10/s, async ~1,000/s and more), so
// on a linear axis the serial bar would be a pixel high; on a log axis every bar stays visible,
// each decade is 10x, and a run that scales perfectly is a straight diagonal on the log-log
// sweep panel. The labels carry the exact figures and the speed-up over serial.
//
// The title names no URL of the bench's own delay server: its port is a throwaway.
//
// Written by hand: a chart library would be a large dependency for two panels of rectangles.
import type { BenchReport, BenchRow } from './types.js';

const WIDTH = 920;
const HEIGHT = 410;
const TOP = 104;
const BOTTOM = 350;
const FONT = 'font-family="sans-serif"';
const BLUE = '#4a7dbf';
const RED = '#c0392b';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A number short enough for an attribute. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * The whole decades [10^lo, 10^hi] that hold every positive value (at least one decade), with at
 * least `margin` decades below the smallest: a rate axis keeps 0.3 so that the smallest bar is
 * never a sliver (1 req/s on an axis starting at 1 would be no bar at all). Values of 0 or less
 * (a run where nothing succeeded) are left out: they sit on the axis.
 */
export function decadeRange(values: readonly number[], margin = 0): { readonly lo: number; readonly hi: number } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { lo: 0, hi: 1 };
  const lo = Math.floor(Math.log10(Math.min(...positive)) - margin + 1e-9);
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive)) - 1e-9));
  return { lo, hi };
}

/** 1, 10, 100, 1k, 10k, 1M; below 1: 0.1, 0.01. */
export function decadeLabel(k: number): string {
  if (k < 0) return (10 ** k).toFixed(-k);
  if (k >= 6) return `${10 ** (k - 6)}M`;
  if (k >= 3) return `${10 ** (k - 3)}k`;
  return String(10 ** k);
}

/** A rate for a label: 9.8, 98, 6,552. */
export function rateLabel(rate: number): string {
  if (rate < 10) return (Math.round(rate * 10) / 10).toString();
  return String(Math.round(rate)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** What a run would reach if nothing but the waiting cost time: concurrency / delay. */
function idealRate(row: BenchRow): number {
  return row.idealSeconds > 0 ? row.requests / row.idealSeconds : 0;
}

function efficiencyLabel(row: BenchRow): string {
  return row.efficiency === null ? 'FAILED' : `${Math.round(row.efficiency * 100)}% of ideal`;
}

function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${n(x)}" y="${n(y)}" ${FONT} ${attrs}>${escapeXml(content)}</text>`;
}

interface Panel {
  readonly left: number;
  readonly right: number;
}

type Scale = (value: number) => number;

/**
 * The log y axis (requests/s) of a panel from 10^lo to 10^hi (hi may fall between decades: room
 * for labels), decades labelled, 2x and 5x lines faint.
 */
function rateAxis(out: string[], panel: Panel, range: { lo: number; hi: number }): Scale {
  const span = range.hi - range.lo;
  const y: Scale = (rate) => (rate > 0 ? Math.min(BOTTOM, BOTTOM - ((Math.log10(rate) - range.lo) / span) * (BOTTOM - TOP)) : BOTTOM);
  const top = 10 ** range.hi * (1 + 1e-9);
  for (let k = range.lo; 10 ** k <= top; k++) {
    const at = y(10 ** k);
    out.push(`<line class="decade" x1="${n(panel.left)}" y1="${n(at)}" x2="${n(panel.right)}" y2="${n(at)}" stroke="#d8d8d8"/>`);
    out.push(text(panel.left - 6, at + 4, decadeLabel(k), 'font-size="11" text-anchor="end" fill="#444"'));
    for (const f of [2, 5]) {
      if (f * 10 ** k > top) break;
      const minor = y(f * 10 ** k);
      out.push(`<line x1="${n(panel.left)}" y1="${n(minor)}" x2="${n(panel.right)}" y2="${n(minor)}" stroke="#f0f0f0"/>`);
    }
  }
  out.push(`<line x1="${n(panel.left)}" y1="${TOP}" x2="${n(panel.left)}" y2="${BOTTOM}" stroke="#333"/>`);
  out.push(`<line x1="${n(panel.left)}" y1="${BOTTOM}" x2="${n(panel.right)}" y2="${BOTTOM}" stroke="#333"/>`);
  const mid = (TOP + BOTTOM) / 2;
  const at = panel.left - 44;
  out.push(text(at, mid, 'requests/s (log scale)', `font-size="12" text-anchor="middle" transform="rotate(-90 ${n(at)} ${n(mid)})"`));
  return y;
}

function emptyPanel(out: string[], panel: Panel, message: string): void {
  out.push(text((panel.left + panel.right) / 2, (TOP + BOTTOM) / 2, message, 'font-size="13" text-anchor="middle" fill="#888"'));
}

function speedUp(row: BenchRow, serial: BenchRow | undefined): string {
  if (!serial || serial.requestsPerSecond <= 0 || row.errors > 0) return '';
  const times = row.requestsPerSecond / serial.requestsPerSecond;
  return `${times >= 10 ? Math.round(times) : times.toFixed(1)}x serial`;
}

function modesPanel(out: string[], rows: readonly BenchRow[], panel: Panel, y: Scale | undefined): void {
  out.push(text(panel.left, TOP - 32, 'requests/s per mode', 'font-size="14" font-weight="bold"'));
  out.push(text(panel.left, TOP - 16, 'dashes: ideal = concurrency / delay; labels: speed-up over serial', 'font-size="11" fill="#555"'));
  if (rows.length === 0 || !y) return emptyPanel(out, panel, 'no modes run');
  const serial = rows.find((row) => row.mode === 'serial');
  const slot = (panel.right - panel.left) / rows.length;
  const barWidth = Math.min(80, slot * 0.55);
  rows.forEach((row, i) => {
    const x = panel.left + slot * i + (slot - barWidth) / 2;
    const centre = x + barWidth / 2;
    const failed = row.errors > 0;
    const top = y(row.requestsPerSecond);
    const tip = `${row.mode}: ${row.requests} requests, concurrency ${row.concurrency}, ${row.requestsPerSecond} requests/s, wall ${row.wallSeconds} s, ideal ${row.idealSeconds} s${failed ? `, ${row.errors} errors` : ''}`;
    out.push(
      `<rect class="bar" data-mode="${escapeXml(row.mode)}" data-rate="${row.requestsPerSecond}" x="${n(x)}" y="${n(top)}" width="${n(barWidth)}" height="${n(BOTTOM - top)}" fill="${failed ? RED : BLUE}"><title>${escapeXml(tip)}</title></rect>`,
    );
    const ideal = y(idealRate(row));
    out.push(`<line class="ideal" x1="${n(x - 6)}" y1="${n(ideal)}" x2="${n(x + barWidth + 6)}" y2="${n(ideal)}" stroke="#222" stroke-width="2" stroke-dasharray="5 3"/>`);
    // Labels go above both the bar and its ideal mark, so the dashes never cross them.
    const labelAt = Math.min(top, ideal) - 8;
    if (failed) {
      out.push(text(centre, labelAt, `FAILED (${row.errors} errors)`, `font-size="11" text-anchor="middle" fill="${RED}"`));
    } else {
      out.push(text(centre, labelAt - 14, `${rateLabel(row.requestsPerSecond)}/s`, 'font-size="13" font-weight="bold" text-anchor="middle"'));
      const times = speedUp(row, serial);
      out.push(text(centre, labelAt, times && row !== serial ? times : efficiencyLabel(row), 'font-size="11" text-anchor="middle" fill="#333"'));
    }
    out.push(text(centre, BOTTOM + 16, row.mode, 'font-size="12" text-anchor="middle"'));
    const how = row.mode === 'serial' ? '1 at a time' : row.mode === 'pool' ? `${row.concurrency} threads` : `${row.concurrency} in flight`;
    out.push(text(centre, BOTTOM + 30, `N=${row.requests}, ${how}`, 'font-size="10" text-anchor="middle" fill="#555"'));
  });
}

function sweepPanel(out: string[], rows: readonly BenchRow[], panel: Panel, y: Scale | undefined, delayMs: number): void {
  out.push(text(panel.left, TOP - 32, 'async: requests/s against concurrency C', 'font-size="14" font-weight="bold"'));
  out.push(text(panel.left, TOP - 16, `N = 5 x C each; dashes: ideal = C / ${delayMs} ms`, 'font-size="11" fill="#555"'));
  if (rows.length === 0 || !y) return emptyPanel(out, panel, 'no sweep run');
  const { lo, hi } = decadeRange(rows.map((r) => r.concurrency));
  // More room on the right: the last point's label sits to its right.
  const padLeft = 20;
  const padRight = 64;
  const x = (c: number): number => panel.left + padLeft + ((Math.log10(c) - lo) / (hi - lo)) * (panel.right - panel.left - padLeft - padRight);
  for (let k = lo; k <= hi; k++) {
    out.push(`<line x1="${n(x(10 ** k))}" y1="${BOTTOM}" x2="${n(x(10 ** k))}" y2="${BOTTOM + 5}" stroke="#333"/>`);
    out.push(text(x(10 ** k), BOTTOM + 18, String(10 ** k), 'font-size="11" text-anchor="middle" fill="#444"'));
  }
  const ideal = rows.map((r) => `${n(x(r.concurrency))},${n(y(idealRate(r)))}`).join(' ');
  out.push(`<polyline class="ideal" points="${ideal}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="5 3"/>`);
  const rate = rows.map((r) => `${n(x(r.concurrency))},${n(y(r.requestsPerSecond))}`).join(' ');
  out.push(`<polyline class="rate" points="${rate}" fill="none" stroke="${BLUE}" stroke-width="2.5"/>`);
  for (const row of rows) {
    const failed = row.errors > 0;
    const cx = x(row.concurrency);
    const cy = y(row.requestsPerSecond);
    const tip = `C=${row.concurrency}: ${row.requests} requests, ${row.requestsPerSecond} requests/s, wall ${row.wallSeconds} s, ideal ${row.idealSeconds} s${failed ? `, ${row.errors} errors` : ''}`;
    out.push(
      `<circle class="point" data-concurrency="${row.concurrency}" data-rate="${row.requestsPerSecond}" cx="${n(cx)}" cy="${n(cy)}" r="4.5" fill="${failed ? RED : BLUE}"><title>${escapeXml(tip)}</title></circle>`,
    );
    // Below and right of the point: the ideal line runs above it, the rising line to its upper right.
    const label = failed ? 'FAILED' : `${rateLabel(row.requestsPerSecond)}/s`;
    out.push(text(cx + 8, cy + 16, label, `font-size="12" font-weight="bold"${failed ? ` fill="${RED}"` : ''}`));
    if (!failed) out.push(text(cx + 8, cy + 29, efficiencyLabel(row), 'font-size="10" fill="#555"'));
  }
  out.push(text((panel.left + panel.right) / 2, BOTTOM + 40, 'concurrency C (log scale)', 'font-size="12" text-anchor="middle"'));
}

/** Where the requests went, for the subtitle: the bench's own server has no address worth showing. */
function serverLabel(url: string): string {
  try {
    const host = new URL(url).hostname;
    if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return 'a delay server on this machine';
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Pixels a mode's two label lines take above its bar or ideal mark. */
const LABEL_ROOM = 36;

/**
 * Raises the top of the axis just enough (not by a whole decade) for the labels above the tallest
 * mode: the top t must satisfy (t - m) / (t - lo) x height >= LABEL_ROOM, m = log10 of its value.
 */
function withLabelRoom(range: { lo: number; hi: number }, modes: readonly BenchRow[]): { lo: number; hi: number } {
  const tops = modes.map((row) => Math.max(row.requestsPerSecond, idealRate(row))).filter((v) => v > 0);
  if (tops.length === 0) return range;
  const m = Math.log10(Math.max(...tops));
  const height = BOTTOM - TOP;
  return { lo: range.lo, hi: Math.max(range.hi, (m * height - LABEL_ROOM * range.lo) / (height - LABEL_ROOM)) };
}

export function renderChart(report: BenchReport): string {
  const out: string[] = [];
  const title = 'trawl bench: serial vs thread pool vs async';
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">`);
  out.push(`<title>${escapeXml(title)}</title>`);
  out.push(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
  out.push(text(20, 26, title, 'font-size="16" font-weight="bold"'));
  const subtitle = `each answer waits ${report.delayMs} ms (${serverLabel(report.url)}); ${report.warmUp ? 'connections opened before the clock starts' : 'connection set-up timed too'}`;
  out.push(text(20, 45, subtitle, 'font-size="12" fill="#555"'));
  // One scale for both panels, so the async bar and the sweep point at the same C line up.
  const rows = [...report.modes, ...report.sweep];
  const range = withLabelRoom(decadeRange(rows.flatMap((row) => [row.requestsPerSecond, idealRate(row)]), 0.3), report.modes);
  const modes: Panel = { left: 74, right: 430 };
  const sweep: Panel = { left: 544, right: 900 };
  const modesY = report.modes.length > 0 ? rateAxis(out, modes, range) : undefined;
  const sweepY = report.sweep.length > 0 ? rateAxis(out, sweep, range) : undefined;
  modesPanel(out, report.modes, modes, modesY);
  sweepPanel(out, report.sweep, sweep, sweepY, report.delayMs);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
