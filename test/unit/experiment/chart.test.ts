import { describe, expect, it } from 'vitest';
import { escapeXml, niceScale, renderChart } from '../../../src/experiment/chart.js';
import { toRow } from '../../../src/experiment/math.js';
import type { BenchReport } from '../../../src/experiment/types.js';
import { sample } from './sample-report.js';
import { checkWellFormed } from './xml-check.js';

describe('the SVG chart', () => {
  it('is well-formed XML with an <svg> root', () => {
    const elements = checkWellFormed(renderChart(sample));
    expect(elements[0]).toBe('svg');
  });

  it('draws one bar per mode, each with its ideal marked', () => {
    const svg = renderChart(sample);
    expect([...svg.matchAll(/<rect class="bar" data-mode="(\w+)"/g)].map((m) => m[1])).toEqual(['serial', 'pool', 'async']);
    expect(svg.match(/<line class="ideal"/g)).toHaveLength(3);
  });

  it('draws one point per sweep concurrency on a line, with a log x axis labelled in decades', () => {
    const svg = renderChart(sample);
    const xs = [...svg.matchAll(/<circle class="point" data-concurrency="(\d+)" cx="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(xs.map(([c]) => c)).toEqual([1, 10, 100, 1000]);
    // Equal steps on a log axis: 1 -> 10 -> 100 -> 1000 are the same distance apart.
    const gaps = xs.slice(1).map(([, x], i) => x! - xs[i]![1]!);
    for (const gap of gaps) expect(gap).toBeCloseTo(gaps[0]!, 0);
    expect(svg).toContain('<polyline class="wall"');
    expect(svg).toContain('concurrency C (log scale)');
    expect(svg).toContain('wall time (s)');
  });

  it('escapes text taken from the report', () => {
    const svg = renderChart({ ...sample, url: 'http://127.0.0.1:1/a?x=1&y=<b>"' });
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

  it('picks 1-2-5 steps that cover the maximum', () => {
    expect(niceScale(4.1)).toEqual({ max: 5, step: 1 });
    expect(niceScale(0.53)).toEqual({ max: 0.6, step: 0.2 });
    expect(niceScale(0)).toEqual({ max: 1, step: 0.2 });
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
