import { describe, expect, it } from 'vitest';
import { m3u8, media, playlistError } from './helpers.js';

describe('RFC 8216 4.3.1 basic tags', () => {
  it('4.3.1.2: EXT-X-VERSION gives the compatibility version; without it the version is undefined', () => {
    expect(media(m3u8('#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts')).version).toBe(7);
    expect(media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts')).version).toBeUndefined();
  });

  it('4.3.1.2: a playlist with more than one EXT-X-VERSION is refused (the client MUST fail to parse it)', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', '#EXT-X-VERSION:4', '#EXTINF:2,', 'a.ts'));
    expect(error.line).toBe(4);
    expect(error.reason).toMatch(/second EXT-X-VERSION \(the first is on line 2\)/);
  });
});
