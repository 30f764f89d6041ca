import { describe, expect, it } from 'vitest';
import { fixture, m3u8, media, playlistError } from './helpers.js';

const head = ['#EXTM3U', '#EXT-X-TARGETDURATION:10'];

describe('RFC 8216 4.3.2.2 EXT-X-BYTERANGE', () => {
  it('4.3.2.2: <n>@<o> gives the sub-range length n and its start offset o', () => {
    const playlist = media(fixture('byterange-single-file.m3u8'));
    expect(playlist.segments[0]?.byteRange).toEqual({ length: 75232, offset: 0 });
    expect(playlist.segments[3]?.byteRange).toEqual({ length: 30000, offset: 500000 });
  });

  it('4.3.2.2: without o, the sub-range begins at the next byte following the sub-range of the previous segment', () => {
    const playlist = media(fixture('byterange-single-file.m3u8'));
    expect(playlist.segments.map((s) => s.byteRange)).toEqual([
      { length: 75232, offset: 0 },
      { length: 82112, offset: 75232 },
      { length: 69864, offset: 157344 },
      { length: 30000, offset: 500000 },
    ]);
    expect(new Set(playlist.segments.map((s) => s.uri))).toEqual(new Set(['https://cdn.example.test/video/main.ts']));
  });

  it('4.3.2.2: without o on the first segment the playlist is refused (a previous media segment MUST appear)', () => {
    const error = playlistError(m3u8(...head, '#EXTINF:10,', '#EXT-X-BYTERANGE:1000', 'main.ts'));
    expect(error.line).toBe(4);
    expect(error.reason).toMatch(/no offset and there is no previous segment/);
  });

  it('4.3.2.2: without o after a sub-range of another resource the playlist is refused (MUST be a sub-range of the same media resource)', () => {
    const error = playlistError(m3u8(...head, '#EXTINF:10,', '#EXT-X-BYTERANGE:1000@0', 'one.ts', '#EXTINF:10,', '#EXT-X-BYTERANGE:1000', 'two.ts'));
    expect(error.line).toBe(7);
    expect(error.reason).toMatch(/previous segment is not a sub-range of https:\/\/cdn.example.test\/video\/two.ts/);
  });

  it('4.3.2.2: without o after a whole-resource segment of the same URI the playlist is refused (the previous one is no sub-range)', () => {
    expect(playlistError(m3u8(...head, '#EXTINF:10,', 'main.ts', '#EXTINF:10,', '#EXT-X-BYTERANGE:1000', 'main.ts')).line).toBe(6);
  });

  it('4.3.2.2: the same resource is recognised after resolution, whatever relative spelling the URI lines use', () => {
    const playlist = media(m3u8(...head, '#EXTINF:10,', '#EXT-X-BYTERANGE:10@5', 'main.ts', '#EXTINF:10,', '#EXT-X-BYTERANGE:20', './main.ts'));
    expect(playlist.segments[1]?.byteRange).toEqual({ length: 20, offset: 15 });
  });

  it('4.3.2.2: a malformed byte range is refused', () => {
    expect(playlistError(m3u8(...head, '#EXTINF:10,', '#EXT-X-BYTERANGE:10-20', 'main.ts')).reason).toMatch(/expected <length>\[@<offset>\]/);
  });
});
