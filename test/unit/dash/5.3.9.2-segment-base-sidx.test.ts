// ISO/IEC 23009-1 5.3.9.2 SegmentBase: Initialization@range and @indexRange, the segments read
// from the Segment Index box (ISO/IEC 14496-12 8.16.3, versions 0 and 1, first_offset).
import { describe, expect, it } from 'vitest';
import { parseSidx, segmentsFromIndex } from '../../../src/dash/index.js';
import { manifestError, parse, staticMpd, videoSet } from './helpers.js';

/** A sidx box: `sizes` and `durations` of its references, after `firstOffset` bytes. */
export function sidx(version: 0 | 1, sizes: number[], durations: number[], options: { firstOffset?: number; ept?: number; timescale?: number; hierarchical?: boolean } = {}): Buffer {
  const head = version === 0 ? 8 : 16;
  const body = Buffer.alloc(4 + 4 + 4 + head + 4 + 12 * sizes.length);
  let at = 0;
  body.writeUInt32BE(version << 24, at);
  at += 4;
  body.writeUInt32BE(1, at); // reference_ID
  at += 4;
  body.writeUInt32BE(options.timescale ?? 1000, at);
  at += 4;
  if (version === 0) {
    body.writeUInt32BE(options.ept ?? 0, at);
    body.writeUInt32BE(options.firstOffset ?? 0, at + 4);
  } else {
    body.writeBigUInt64BE(BigInt(options.ept ?? 0), at);
    body.writeBigUInt64BE(BigInt(options.firstOffset ?? 0), at + 8);
  }
  at += head;
  body.writeUInt16BE(sizes.length, at + 2);
  at += 4;
  sizes.forEach((size, index) => {
    body.writeUInt32BE((options.hierarchical && index === 0 ? 0x80000000 : 0) + size, at);
    body.writeUInt32BE(durations[index]!, at + 4);
    body.writeUInt32BE(0x90000000, at + 8);
    at += 12;
  });
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write('sidx', 4, 'latin1');
  return Buffer.concat([header, body]);
}

const mpdText = (segmentBase: string): string =>
  staticMpd(videoSet(`<Representation id="v" bandwidth="1000">\n<BaseURL>media/v.mp4</BaseURL>\n${segmentBase}\n</Representation>`), 'mediaPresentationDuration="PT6S"');

function segmentsWith(segmentBase: string, index: Buffer, fileSize?: number) {
  const mpd = parse(mpdText(segmentBase));
  const period = mpd.periods[0]!;
  return segmentsFromIndex(mpd, period, period.adaptationSets[0]!.representations[0]!, index, fileSize);
}

describe('5.3.9.2 SegmentBase with @indexRange', () => {
  it('a version 0 sidx gives each segment\'s byte range, counted from the first byte after the sidx; Initialization@range is the init section', () => {
    const index = sidx(0, [1000, 1200, 900], [2000, 2000, 2000]);
    const result = segmentsWith(`<SegmentBase indexRange="800-${800 + index.length - 1}">\n<Initialization range="0-799" />\n</SegmentBase>`, index);
    const anchor = 800 + index.length;
    expect(result.init).toEqual({ url: 'https://cdn.example.test/shows/talk/media/v.mp4', range: { offset: 0, length: 800 } });
    expect(result.segments.map((segment) => segment.byteRange)).toEqual([
      { offset: anchor, length: 1000 },
      { offset: anchor + 1000, length: 1200 },
      { offset: anchor + 2200, length: 900 },
    ]);
    expect(result.segments.map((segment) => [segment.duration, segment.start])).toEqual([[2, 0], [2, 2], [2, 4]]);
    expect(new Set(result.segments.map((segment) => segment.uri))).toEqual(new Set(['https://cdn.example.test/shows/talk/media/v.mp4']));
  });

  it('a version 1 sidx (64-bit times and offsets) adds first_offset to the anchor', () => {
    const index = sidx(1, [500, 600], [3000, 3000], { firstOffset: 64, ept: 2 ** 33, timescale: 1000 });
    expect(parseSidx(index)).toMatchObject({ version: 1, earliestPresentationTime: 2 ** 33, firstOffset: 64 });
    const result = segmentsWith(`<SegmentBase indexRange="1000-${1000 + index.length - 1}"><Initialization range="0-999" /></SegmentBase>`, index);
    expect(result.segments.map((segment) => segment.byteRange!.offset)).toEqual([1000 + index.length + 64, 1000 + index.length + 64 + 500]);
  });

  it('without Initialization, the init section is taken as the bytes before the index', () => {
    const index = sidx(0, [100], [6000]);
    const result = segmentsWith(`<SegmentBase indexRange="700-${700 + index.length - 1}" />`, index);
    expect(result.init?.range).toEqual({ offset: 0, length: 700 });
  });

  it('bytes at @indexRange that hold no sidx are refused, naming the SegmentBase element and the range', () => {
    const moov = Buffer.from('0000000c6d6f6f7600000000', 'hex');
    const error = manifestError(() => segmentsWith('<SegmentBase indexRange="100-111" />', moov));
    expect(error.reason).toMatch(/the index range holds no sidx box \(found moov\) \(https:\/\/cdn\.example\.test\/shows\/talk\/media\/v\.mp4 bytes 100-111\)/);
    expect(error.element).toBe('<SegmentBase> of <Representation id="v">');
  });

  it('a sidx that places media past the end of the file is refused', () => {
    const index = sidx(0, [1000, 1000], [3000, 3000]);
    const error = manifestError(() => segmentsWith(`<SegmentBase indexRange="0-${index.length - 1}" />`, index, 1500));
    expect(error.reason).toMatch(/the sidx places media up to byte \d+, past the end of the 1500-byte file/);
  });

  it('a truncated sidx and a hierarchical one are refused', () => {
    const index = sidx(0, [1000, 1000], [3000, 3000]);
    const truncated = Buffer.from(index.subarray(0, index.length - 6));
    truncated.writeUInt32BE(truncated.length, 0);
    expect(manifestError(() => segmentsWith(`<SegmentBase indexRange="0-${truncated.length - 1}" />`, truncated)).reason).toMatch(/the sidx box ends at byte/);
    const nested = sidx(0, [1000, 1000], [3000, 3000], { hierarchical: true });
    expect(manifestError(() => segmentsWith(`<SegmentBase indexRange="0-${nested.length - 1}" />`, nested)).reason).toMatch(/hierarchical index/);
  });

  it('a SegmentBase without an index is one segment: the whole file', () => {
    const mpd = parse(mpdText('<SegmentBase><Initialization range="0-99" /></SegmentBase>'));
    expect(mpd.periods[0]!.adaptationSets[0]!.representations[0]!.addressing).toMatchObject({ kind: 'single', url: 'https://cdn.example.test/shows/talk/media/v.mp4' });
  });
});
