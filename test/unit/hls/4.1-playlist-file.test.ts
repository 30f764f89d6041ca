import { describe, expect, it } from 'vitest';
import { PlaylistError } from '../../../src/errors/index.js';
import { BASE, m3u8, media, playlistError } from './helpers.js';

const SIMPLE = ['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts', '#EXTINF:4,', 'b.ts', '#EXT-X-ENDLIST'];

describe('RFC 8216 4.1 playlist files, 4.3.1.1 EXTM3U', () => {
  it('4.3.1.1: a playlist whose first line is not #EXTM3U is refused (it MUST be the first line)', () => {
    const error = playlistError(m3u8('#EXT-X-TARGETDURATION:4', '#EXTINF:4,', 'a.ts'));
    expect(error.line).toBe(1);
    expect(error.reason).toMatch(/first line must be #EXTM3U/);
  });

  it('4.3.1.1: #EXTM3U after a blank first line does not count: the first line decides', () => {
    expect(playlistError(`\n${m3u8(...SIMPLE)}`).line).toBe(1);
  });

  it('4.3.1.1: an empty document is refused with a clear reason', () => {
    expect(playlistError('').reason).toMatch(/found an empty line/);
  });

  it('4.1: blank lines are ignored and lines starting with # but not #EXT are comments', () => {
    const playlist = media(m3u8('#EXTM3U', '', '# made by hand', '#EXT-X-TARGETDURATION:4', '', '#EXTINF:4,', '# a comment between tag and URI', 'a.ts', ''));
    expect(playlist.segments.map((s) => s.uri)).toEqual(['https://cdn.example.test/video/a.ts']);
  });

  it('4.1: lines terminated by CR LF parse exactly like lines terminated by LF (both are line terminators)', () => {
    const lf = media(SIMPLE.join('\n'));
    const crlf = media(SIMPLE.join('\r\n'));
    expect(crlf).toEqual(lf);
    expect(crlf.segments[1]?.uri).toBe('https://cdn.example.test/video/b.ts');
  });

  it('4.1: a leading UTF-8 BOM is tolerated although playlists MUST NOT contain one (trawl is a reader, not a validator)', () => {
    expect(media(`\uFEFF${SIMPLE.join('\r\n')}`)).toEqual(media(SIMPLE.join('\n')));
  });

  it('6.3.1: unrecognised tags are ignored (clients MUST ignore any unrecognized tags)', () => {
    const playlist = media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-FUTURE-TAG:FOO=1', '#EXT-X-CUE-OUT:30', '#EXTINF:4,', 'a.ts'));
    expect(playlist.segments).toHaveLength(1);
    expect(playlist.segments[0]?.duration).toBe(4);
  });

  it('4.1: tags are case-sensitive, so #extinf is a comment and the URI after it has no EXTINF', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#extinf:4,', 'a.ts'));
    expect(error.line).toBe(4);
  });

  it('a PlaylistError names the URL and the physical line (blank lines counted) and has a stable code', () => {
    const error = playlistError(m3u8('#EXTM3U', '', '#EXT-X-TARGETDURATION:4', '', 'a.ts'));
    expect(error).toBeInstanceOf(PlaylistError);
    expect(error.code).toBe('TRAWL_ERR_PLAYLIST');
    expect(error.url).toBe(BASE);
    expect(error.line).toBe(5);
    expect(error.message).toBe(`playlist ${BASE} line 5: ${error.reason}`);
  });
});
