// Reading responses (Content-Range, validators, range support) and planning split ranges.
import { describe, expect, it } from 'vitest';
import { describeResponse, parseContentRange, resumable } from '../../../src/media/get/context.js';
import { planSegments } from '../../../src/media/get/split-download.js';

describe('planSegments', () => {
  it.each([
    [100 * 1024 * 1024, 16, 1024 * 1024, 16],
    [5 * 1024 * 1024 + 1, 16, 1024 * 1024, 5],
    [1000, 8, 1024, 1],
  ])('tiles %i bytes with no gap or overlap (%i ranges asked, min %i)', (size, ranges, min, expected) => {
    const segments = planSegments(size, ranges, min);
    expect(segments).toHaveLength(expected);
    expect(segments[0]!.start).toBe(0);
    expect(segments.at(-1)!.end).toBe(size);
    for (let i = 1; i < segments.length; i++) expect(segments[i]!.start).toBe(segments[i - 1]!.end);
    expect(segments.every((s) => s.pos === s.start && s.end > s.start)).toBe(true);
  });
});

describe('describeResponse', () => {
  it('reads the size and the first byte from Content-Range on a 206', () => {
    const info = describeResponse({ status: 206, headers: { 'content-range': 'bytes 100-199/1000', etag: '"x"' } });
    expect(info).toMatchObject({ total: 1000, start: 100, etag: '"x"', ranges: true });
  });

  it('reads the size from Content-Length on a 200 and range support from Accept-Ranges', () => {
    expect(describeResponse({ status: 200, headers: { 'content-length': '42', 'accept-ranges': 'bytes' } })).toMatchObject({
      total: 42,
      start: 0,
      ranges: true,
    });
    expect(describeResponse({ status: 200, headers: { 'content-length': '42', 'accept-ranges': 'none' } }).ranges).toBe(false);
  });

  it('knows neither size nor ranges of a content-coded body', () => {
    const info = describeResponse({ status: 200, headers: { 'content-length': '42', 'content-encoding': 'gzip', 'accept-ranges': 'bytes' } });
    expect(info.total).toBeUndefined();
    expect(info.ranges).toBe(false);
  });

  it('keeps a sidecar only for resumable responses of at least the minimum size', () => {
    const base = { total: 1000, start: 0, etag: '"a"', lastModified: undefined, ranges: true };
    expect(resumable(base, 500)).toBe(true);
    expect(resumable(base, 5000)).toBe(false);
    expect(resumable({ ...base, etag: 'W/"a"' }, 500)).toBe(false);
    expect(resumable({ ...base, ranges: false }, 500)).toBe(false);
  });
});

describe('parseContentRange', () => {
  it.each([
    ['bytes 0-99/100', { start: 0, end: 100, total: 100 }],
    ['bytes 5-9/*', { start: 5, end: 10, total: undefined }],
    ['bytes 9-5/100', undefined],
    ['bytes 0-100/100', undefined],
    ['bytes */100', undefined],
    [undefined, undefined],
  ])('%s', (value, expected) => {
    expect(parseContentRange(value)).toEqual(expected);
  });
});
