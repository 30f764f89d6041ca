import { describe, expect, it } from 'vitest';
import { fixture, m3u8, media } from './helpers.js';

describe('RFC 8216 4.3.2.3 EXT-X-DISCONTINUITY', () => {
  it('4.3.2.3: the segment after EXT-X-DISCONTINUITY is flagged and its discontinuity sequence number goes up by one', () => {
    const playlist = media(fixture('fmp4-two-maps.m3u8'));
    expect(playlist.segments.map((s) => s.discontinuity)).toEqual([false, false, true, false, true]);
    expect(playlist.segments.map((s) => s.discontinuitySequence)).toEqual([0, 0, 1, 1, 2]);
  });

  it('4.3.2.3: a discontinuity is numbered on top of EXT-X-DISCONTINUITY-SEQUENCE', () => {
    const playlist = media(fixture('live-event.m3u8'));
    expect(playlist.discontinuitySequence).toBe(3);
    expect(playlist.segments.map((s) => s.discontinuitySequence)).toEqual([3, 3, 4]);
  });

  it('4.3.2.3: a repeated EXT-X-DISCONTINUITY before one segment is one discontinuity', () => {
    const playlist = media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts', '#EXT-X-DISCONTINUITY', '#EXT-X-DISCONTINUITY', '#EXTINF:4,', 'b.ts'));
    expect(playlist.segments.map((s) => s.discontinuitySequence)).toEqual([0, 1]);
  });
});
