import { describe, expect, it } from 'vitest';
import { decadeLabel, decadeRange, escapeXml, rateLabel, renderChart } from '../../../src/experiment/chart.js';
import { toRow } from '../../../src/experiment/math.js';
import type { BenchReport } from '../../../src/experiment/types.js';
import { row, sample } from './sample-report.js';
import { checkWellFormed } from './xml-check.js';

interface Bar {
  readonly mode: string;
  readonly rate: number;
  readonly height: number;
}

function bars(svg: string): Bar[] {
  return [...svg.matchAll(/<rect class="bar" data-mode="(\w+)" data-rate="([\d.]+)" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g)].map((m) => ({
    mode: m[1]!,
    rate: Number(m[2]),
    height: Number(m[3]),
  }));
}

/** The sweep's points as [C, x, y] (SVG y grows downwards). */
function points(svg: string): [number, number, number][] {
  return [...svg.matchAll(/<circle class="point" data-concurrency="(\d+)" data-rate="[\d.]+" cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
}

/** Consecutive differences. */
const steps = (values: readonly number[]): number[] => values.slice(1).map((v, i) => v - values[i]!);

describe('the SVG chart', () => {
  it('is well-formed XML with an <svg> root', () => {
    const elements = checkWellFormed(renderChart(sample));
    expect(elements[0]).toBe('svg');
  });

  it('draws one bar per mode as requests per second, each with its ideal marked', () => {
    const svg = renderChart(sample);
    expect(bars(svg).map((bar) => [bar.mode, bar.rate])).toEqual(sample.modes.map((row) => [row.mode, row.requestsPerSecond]));
    expect(svg.match(/<line class="ideal"/g)).toHaveLength(3);
    expect(svg).toContain('requests/s (log scale)');
  });

  it('keeps the serial bar and the async bar both clearly visible when async is a thousand times faster', () => {
    const svg = renderChart({
      ...sample,
      modes: [row({ mode: 'serial', requests: 40, concurrency: 1, wallMs: 40_000, delayMs: 1000 }), row({ mode: 'async', requests: 5000, concurrency: 1000, wallMs: 5_000, delayMs: 1000 })],
    });
    const [serial, async] = bars(svg);
    expect(async!.rate / serial!.rate).toBe(1000);
    // On a linear scale the serial bar would be 1/1000 of the async one: under a pixel.
    expect(serial!.height).toBeGreaterThan(20);
    expect(async!.height).toBeGreaterThan(serial!.height + 100);
    expect(svg).toContain('1000x serial');
  });

  it('labels each mode with its rate and its speed-up over serial', () => {
    const svg = renderChart(sample);
    // 500 requests in 0.53 s against 40 in 4.1 s.
    expect(svg).toContain('943/s');
    expect(svg).toContain('96x serial');
    expect(svg).toContain('9.8/s');
  });

  it('keeps the labels above the tallest bar clear of the panel heading, without adding a whole empty decade', () => {
    // The async ideal, 1,000/s, is exactly a decade: its labels need room above the axis' top.
    const report = { ...sample, sweep: [] };
    const svg = renderChart(report);
    const heading = Number(/<text x="[\d.]+" y="([\d.]+)"[^>]*>dashes: ideal = concurrency/.exec(svg)![1]);
    const label = Number(/<text x="[\d.]+" y="([\d.]+)"[^>]*font-weight="bold" text-anchor="middle">943\/s</.exec(svg)![1]);
    expect(label - heading).toBeGreaterThanOrEqual(14);
    const decades = [...svg.matchAll(/<line class="decade"/g)].length;
    // 1, 10, 100, 1k: the axis goes a little past 1k, not up to 10k.
    expect(decades).toBe(4);
  });

  it('draws the sweep as throughput rising with C on log axes, the ideal a straight line', () => {
    const svg = renderChart(sample);
    const xs = points(svg);
    expect(xs.map(([c]) => c)).toEqual([1, 10, 100, 1000]);
    // Equal steps on a log x axis: 1 -> 10 -> 100 -> 1000 are the same distance apart.
    const gaps = steps(xs.map(([, x]) => x));
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 0);
    // Throughput rises with C: each point higher than the last (smaller y).
    for (const dy of steps(xs.map(([, , y]) => y))) expect(dy).toBeLessThan(-20);
    // The ideal, C / delay, is a straight diagonal on log-log axes.
    const ideal = /<polyline class="ideal" points="([^"]+)"/.exec(svg)![1]!.split(' ').map((p) => Number(p.split(',')[1]));
    const rises = steps(ideal);
    for (const rise of rises) expect(rise).toBeCloseTo(rises[0]!, 0);
    expect(rises[0]).toBeLessThan(0);
    expect(svg).toContain('<polyline class="rate"');
    expect(svg).toContain('concurrency C (log scale)');
  });

  it('puts no throwaway port of the local delay server in the title or anywhere else', () => {
    const svg = renderChart({ ...sample, url: 'http://127.0.0.1:46771' });
    expect(svg).not.toContain('46771');
    expect(/<title>([^<]*)<\/title>/.exec(svg)![1]).toBe('trawl bench: serial vs thread pool vs async');
    expect(svg).toContain('a delay server on this machine');
    expect(svg).toContain('each answer waits 100 ms');
  });

  it('names a server given with --url by its host', () => {
    expect(renderChart({ ...sample, url: 'https://bench.example.org:8443' })).toContain('(bench.example.org:8443)');
  });

  it('escapes text taken from the report', () => {
    const svg = renderChart({ ...sample, url: 'not a URL: x=1&y=<b>"' });
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg).toContain('x=1&amp;y=&lt;b&gt;&quot;');
  });

  it('is self-contained: no links, external fonts or scripts', () => {
    const svg = renderChart(sample);
    expect(svg).not.toMatch(/href|@import|url\(|<script|<image/i);
  });

  it('marks a failed mode in the bar label and says when there is no sweep', () => {
    const failed: BenchReport = {
      ...sample,
      modes: [toRow({ mode: 'async', requests: 50, concurrency: 10, delayMs: 100, wallMs: 200, ok: 40, errors: 10 })],
      sweep: [],
    };
    const svg = renderChart(failed);
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg).toContain('FAILED (10 errors)');
    expect(svg).toContain('no sweep run');
    expect(svg).not.toContain('<circle');
  });

  it('draws a mode in which every request failed (0 requests/s) on the axis', () => {
    const svg = renderChart({ ...sample, modes: [toRow({ mode: 'serial', requests: 4, concurrency: 1, delayMs: 100, wallMs: 400, ok: 0, errors: 4 })] });
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(bars(svg)[0]!.height).toBe(0);
    expect(svg).not.toContain('NaN');
  });

  it('still draws a sweep of one point', () => {
    const svg = renderChart({ ...sample, sweep: sample.sweep.slice(0, 1) });
    expect(() => checkWellFormed(svg)).not.toThrow();
    expect(svg.match(/<circle class="point"/g)).toHaveLength(1);
  });
});

describe('chart helpers', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
  });

  it('covers the values with whole decades, at least one, and keeps the margin asked for below the smallest', () => {
    expect(decadeRange([1, 10, 100, 1000])).toEqual({ lo: 0, hi: 3 });
    expect(decadeRange([50])).toEqual({ lo: 1, hi: 2 });
    expect(decadeRange([9.8, 37, 839, 10_000], 0.3)).toEqual({ lo: 0, hi: 4 });
    expect(decadeRange([10, 100], 0.3)).toEqual({ lo: 0, hi: 2 });
    expect(decadeRange([1, 1000], 0.3)).toEqual({ lo: -1, hi: 3 });
    expect(decadeRange([0.5, 0, 3], 0.3)).toEqual({ lo: -1, hi: 1 });
    expect(decadeRange([0])).toEqual({ lo: 0, hi: 1 });
  });

  it('labels decades and rates briefly', () => {
    expect([-1, 0, 1, 2, 3, 4, 6].map(decadeLabel)).toEqual(['0.1', '1', '10', '100', '1k', '10k', '1M']);
    expect([9.84, 98.4, 6552.4, 12_345_678].map(rateLabel)).toEqual(['9.8', '98', '6,552', '12,345,678']);
  });
});

describe('the well-formedness check used above', () => {
  it('catches a raw "<", a bare "&" and a tag closed out of order', () => {
    expect(() => checkWellFormed('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => checkWellFormed('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => checkWellFormed('<svg><g><text></g></text></svg>')).toThrow();
    expect(() => checkWellFormed('<svg a="1" a="2"/>')).toThrow();
  });
});
