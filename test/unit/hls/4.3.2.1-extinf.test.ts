import { describe, expect, it } from 'vitest';
import { m3u8, media, playlistError } from './helpers.js';

const head = ['#EXTM3U', '#EXT-X-TARGETDURATION:10'];

describe('RFC 8216 4.3.2.1 EXTINF', () => {
  it('4.3.2.1: the duration is a decimal-integer or decimal-floating-point number of seconds', () => {
    const playlist = media(m3u8(...head, '#EXTINF:10,', 'a.ts', '#EXTINF:9.97663,', 'b.ts', '#EXTINF:2.', 'c.ts'));
    expect(playlist.segments.map((s) => s.duration)).toEqual([10, 9.97663, 2]);
  });

  it('4.3.2.1: the rest of the line after the comma is an optional title; an empty one is undefined', () => {
    const playlist = media(m3u8(...head, '#EXTINF:4.5,Opening, part 1', 'a.ts', '#EXTINF:4.5,', 'b.ts', '#EXTINF:4.5', 'c.ts'));
    expect(playlist.segments.map((s) => s.title)).toEqual(['Opening, part 1', undefined, undefined]);
  });

  it('4.3.2.1: EXTINF is REQUIRED for each media segment, so a URI line without one is refused at that line', () => {
    const error = playlistError(m3u8(...head, '#EXTINF:4,', 'a.ts', 'b.ts'));
    expect(error.line).toBe(5);
    expect(error.reason).toMatch(/segment URI "b.ts" has no EXTINF before it/);
  });

  it('4.3.2.1: a duration that is not a decimal number is refused', () => {
    expect(playlistError(m3u8(...head, '#EXTINF:-1,', 'a.ts')).line).toBe(3);
    expect(playlistError(m3u8(...head, '#EXTINF:four,', 'a.ts')).reason).toMatch(/EXTINF duration must be a decimal number/);
  });

  it('4.3.2.1: an EXTINF with no URI line after it (a cut-off playlist) is refused', () => {
    expect(playlistError(m3u8(...head, '#EXTINF:4,', 'a.ts', '#EXTINF:4,')).line).toBe(5);
  });

  it('4.3.2.1: two EXTINF tags before one URI are refused rather than one silently winning', () => {
    expect(playlistError(m3u8(...head, '#EXTINF:4,', '#EXTINF:5,', 'a.ts')).reason).toMatch(/second EXTINF/);
  });
});
