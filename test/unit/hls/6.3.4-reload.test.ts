import { describe, expect, it } from 'vitest';
import { newSegments, reloadDelayMs } from '../../../src/hls/index.js';
import { fixture, m3u8, media } from './helpers.js';

/** A live window of `count` 6-second segments numbered from `first`. */
function window(first: number, count: number, endList = false): string {
  const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:6', `#EXT-X-MEDIA-SEQUENCE:${first}`];
  for (let n = first; n < first + count; n++) lines.push('#EXTINF:6.0,', `${n}.ts`);
  if (endList) lines.push('#EXT-X-ENDLIST');
  return m3u8(...lines);
}

describe('RFC 8216 6.3.4 reloading the media playlist, 6.3.5 next segment to load', () => {
  it('6.3.4: after a first load or a changed reload, wait at least the target duration (MUST)', () => {
    expect(reloadDelayMs(media(window(10, 3)), true)).toBe(6000);
  });

  it('6.3.4: after a reload that found no change, wait one-half the target duration (MUST)', () => {
    expect(reloadDelayMs(media(window(10, 3)), false)).toBe(3000);
  });

  it('6.3.4: an EVENT playlist without EXT-X-ENDLIST is still reloaded', () => {
    expect(reloadDelayMs(media(fixture('live-event.m3u8')), true)).toBe(6000);
  });

  it('6.3.4: a playlist with EXT-X-ENDLIST, or of type VOD, is not reloaded (null)', () => {
    expect(reloadDelayMs(media(window(10, 3, true)), true)).toBeNull();
    expect(reloadDelayMs(media(m3u8('#EXTM3U', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-TARGETDURATION:6', '#EXTINF:6,', 'a.ts')), false)).toBeNull();
  });

  it('6.3.5: on the first load every segment is new and nothing is missing', () => {
    const update = newSegments(undefined, media(window(10, 3)));
    expect(update.segments.map((s) => s.mediaSequence)).toEqual([10, 11, 12]);
    expect(update.gap).toBeUndefined();
    expect(update.changed).toBe(true);
  });

  it('6.3.5: after a reload only segments numbered above the last one seen are new (deduplicated by media sequence number)', () => {
    const update = newSegments(media(window(10, 3)), media(window(12, 3)));
    expect(update.segments.map((s) => s.mediaSequence)).toEqual([13, 14]);
    expect(update.gap).toBeUndefined();
    expect(update.changed).toBe(true);
  });

  it('6.3.5: segments that left the window between two loads are reported as a gap', () => {
    const update = newSegments(media(window(10, 3)), media(window(17, 3)));
    expect(update.segments.map((s) => s.mediaSequence)).toEqual([17, 18, 19]);
    expect(update.gap).toEqual({ first: 13, last: 16 });
  });

  it('6.3.5: an unchanged reload brings nothing and says so', () => {
    const update = newSegments(media(window(10, 3)), media(window(10, 3)));
    expect(update.segments).toEqual([]);
    expect(update.changed).toBe(false);
  });

  it('6.3.5: a reload that only adds EXT-X-ENDLIST counts as changed', () => {
    expect(newSegments(media(window(10, 3)), media(window(10, 3, true))).changed).toBe(true);
  });
});
