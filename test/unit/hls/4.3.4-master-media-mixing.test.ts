import { describe, expect, it } from 'vitest';
import { m3u8, master, media, playlistError } from './helpers.js';

describe('RFC 8216 4.3.4 / 4.3.5 master and media tags', () => {
  it('4.3.4: a playlist holding EXT-X-STREAM-INF and EXTINF is refused (clients MUST fail to parse it)', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1', 'v.m3u8', '#EXTINF:4,', 'a.ts'));
    expect(error.line).toBe(4);
    expect(error.reason).toMatch(/EXTINF cannot appear in the same playlist as EXT-X-STREAM-INF \(line 2\)/);
  });

  it('4.3.4: a master playlist tag after media playlist tags is refused at the later line', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x"'));
    expect(error.line).toBe(5);
  });

  it('4.3.4: a media segment tag (EXT-X-KEY) followed by a master playlist tag is refused too', () => {
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-KEY:METHOD=NONE', '#EXT-X-STREAM-INF:BANDWIDTH=1', 'v.m3u8')).line).toBe(3);
  });

  it('4.3.5: EXT-X-INDEPENDENT-SEGMENTS and EXT-X-START may appear in either kind of playlist', () => {
    const common = ['#EXT-X-INDEPENDENT-SEGMENTS', '#EXT-X-START:TIME-OFFSET=-12.5,PRECISE=YES'];
    const mediaPlaylist = media(m3u8('#EXTM3U', ...common, '#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts'));
    const masterPlaylist = master(m3u8('#EXTM3U', ...common, '#EXT-X-STREAM-INF:BANDWIDTH=1', 'v.m3u8'));
    for (const playlist of [mediaPlaylist, masterPlaylist]) {
      expect(playlist.independentSegments).toBe(true);
      expect(playlist.start).toEqual({ timeOffset: -12.5, precise: true });
    }
  });
});
