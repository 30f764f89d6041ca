// Deviations from RFC 8216 that common players (hls.js, ffmpeg, video.js) accept: trawl reads
// them too, each named in one warning per playlist (however often it occurs); `strict` refuses
// each one as RFC 8216 allows (those refusals are the *.test.ts files by section).
import { describe, expect, it } from 'vitest';
import { parsePlaylist, type MasterPlaylist, type MediaPlaylist } from '../../../src/hls/index.js';
import type { PlaylistWarning } from '../../../src/hls/parser/lines.js';
import { BASE, m3u8, playlistError } from './helpers.js';

/** Either kind of playlist, its fields read without narrowing first. */
type AnyPlaylist = Omit<MediaPlaylist, 'kind'> & Omit<MasterPlaylist, 'kind'> & { readonly kind: string };

function read(text: string): { playlist: AnyPlaylist; warnings: PlaylistWarning[] } {
  const warnings: PlaylistWarning[] = [];
  const playlist = parsePlaylist(text, BASE, { onWarning: (warning) => warnings.push(warning) }) as unknown as AnyPlaylist;
  return { playlist, warnings };
}

const codes = (warnings: readonly PlaylistWarning[]): string[] => warnings.map((warning) => warning.code);

describe('tolerated playlist deviations', () => {
  it('comments and blank lines before #EXTM3U are skipped', () => {
    const { playlist, warnings } = read(m3u8('# made by hand', '', '#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1', 'a.m3u8'));
    expect(playlist.variants).toHaveLength(1);
    expect(warnings).toEqual([{ code: 'header-not-first', url: BASE, line: 1, message: '#EXTM3U is on line 3, after comments or blank lines; they are skipped' }]);
  });

  it('a playlist without #EXTM3U is read when it holds playlist tags; text without any is still refused', () => {
    const { playlist, warnings } = read(m3u8('#EXT-X-TARGETDURATION:10', '#EXTINF:10,', 'a.ts'));
    expect(playlist.segments).toHaveLength(1);
    expect(codes(warnings)).toEqual(['no-header']);
    expect(() => read('<html>not found</html>\n')).toThrow(/the first line must be #EXTM3U/);
  });

  it('a URI line without EXTINF, and an EXTINF whose duration is not a number, take the target duration; one warning per kind', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:6', 'a.ts', 'b.ts', '#EXTINF:junk,', 'c.ts', '#EXTINF:4,', 'd.ts'));
    expect(playlist.segments.map((segment) => segment.duration)).toEqual([6, 6, 6, 4]);
    expect(warnings.map((warning) => [warning.code, warning.line])).toEqual([
      ['uri-without-extinf', 3],
      ['extinf-duration', 5],
    ]);
  });

  it('without EXT-X-TARGETDURATION, the longest segment stands in for it', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXTINF:4.2,', 'a.ts', '#EXTINF:9.5,', 'b.ts'));
    expect(playlist.targetDuration).toBe(10);
    expect(codes(warnings)).toEqual(['targetduration-missing']);
  });

  it('an empty, negative or non-numeric EXT-X-MEDIA-SEQUENCE numbers the segments from 0', () => {
    for (const value of ['', '-11', 'gobble']) {
      const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:10', `#EXT-X-MEDIA-SEQUENCE:${value}`, '#EXTINF:10,', 'a.ts'));
      expect(playlist.segments[0]!.mediaSequence).toBe(0);
      expect(codes(warnings)).toEqual(['media-sequence-invalid']);
    }
  });

  it('an unreadable EXT-X-TARGETDURATION or EXT-X-VERSION is ignored', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-VERSION:NaN', '#EXT-X-TARGETDURATION:-10', '#EXT-X-TARGETDURATION:8', '#EXTINF:8,', 'a.ts'));
    expect(playlist.version).toBeUndefined();
    expect(playlist.targetDuration).toBe(8);
    expect(codes(warnings)).toEqual(['version-invalid', 'targetduration-invalid', 'targetduration-repeated']);
  });

  it('a repeated EXT-X-MEDIA-SEQUENCE, EXT-X-TARGETDURATION or EXT-X-PLAYLIST-TYPE is reported; the last one counts', () => {
    const { playlist, warnings } = read(
      m3u8('#EXTM3U', '#EXT-X-PLAYLIST-TYPE:EVENT', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-MEDIA-SEQUENCE:11', '#EXT-X-TARGETDURATION:8', '#EXT-X-TARGETDURATION:9', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXTINF:6,', 'a.ts'),
    );
    expect([playlist.mediaSequence, playlist.targetDuration, playlist.playlistType]).toEqual([11, 9, 'VOD']);
    expect(warnings.map((warning) => [warning.code, warning.line, warning.message])).toEqual([
      ['media-sequence-repeated', 4, 'EXT-X-MEDIA-SEQUENCE appears again (first on line 3); the last one counts'],
      ['targetduration-repeated', 6, 'EXT-X-TARGETDURATION appears again (first on line 5); the last one counts'],
      ['playlist-type-repeated', 7, 'EXT-X-PLAYLIST-TYPE appears again (first on line 2); the last one counts'],
    ]);
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-MEDIA-SEQUENCE:11', '#EXT-X-TARGETDURATION:8', '#EXTINF:6,', 'a.ts')).message).toMatch(
      /line 3: EXT-X-MEDIA-SEQUENCE appears more than once \(first on line 2\)$/,
    );
  });

  it('a second EXT-X-VERSION is ignored (the first counts), a second EXTINF wins over the first', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-VERSION:4', '#EXT-X-TARGETDURATION:10', '#EXTINF:10,', '#EXTINF:7,', 'a.ts'));
    expect(playlist.version).toBe(3);
    expect(playlist.segments[0]!.duration).toBe(7);
    expect(codes(warnings)).toEqual(['version-repeated', 'extinf-twice']);
  });

  it('EXT-X-BYTERANGE without an offset and nothing to continue from starts at 0; "n@" is read as no offset', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:10', '#EXTINF:10,', '#EXT-X-BYTERANGE:500@', 'a.ts', '#EXTINF:10,', '#EXT-X-BYTERANGE:300', 'b.ts'));
    expect(playlist.segments.map((segment) => segment.byteRange)).toEqual([
      { length: 500, offset: 0 },
      { length: 300, offset: 0 },
    ]);
    expect(codes(warnings)).toEqual(['byterange-empty-offset', 'byterange-no-previous']);
  });

  it('an AES-128 EXT-X-MAP under a key without IV takes the next segment\'s media sequence number as its IV', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:10', '#EXT-X-MEDIA-SEQUENCE:7794', '#EXT-X-KEY:METHOD=AES-128,URI="k"', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:10,', 'a.m4s'));
    expect(Buffer.from(playlist.segments[0]!.map!.key!.iv).readUInt32BE(12)).toBe(7794);
    expect(codes(warnings)).toEqual(['map-key-without-iv']);
  });

  it('a variant without BANDWIDTH counts as 0 bit/s', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:PROGRAM-ID=1', 'a.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=5', 'b.m3u8'));
    expect(playlist.variants.map((variant) => variant.bandwidth)).toEqual([0, 5]);
    expect(codes(warnings)).toEqual(['variant-bandwidth']);
  });

  it('playlist-level media tags in a master playlist are ignored; a media segment tag there is still refused', () => {
    const { playlist, warnings } = read(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:', '#EXT-X-STREAM-INF:BANDWIDTH=240000', 'v.m3u8'));
    expect(playlist.kind).toBe('master');
    expect(playlist.variants).toHaveLength(1);
    expect(codes(warnings)).toEqual(['master-with-media-tags']);
    expect(() => read(m3u8('#EXTM3U', '#EXTINF:4,', 'a.ts', '#EXT-X-STREAM-INF:BANDWIDTH=1', 'v.m3u8'))).toThrow(/cannot appear in the same playlist/);
  });

  it.each([
    ['a comment before #EXTM3U', m3u8('# x', '#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXTINF:1,', 'a.ts'), /line 1: the first line must be #EXTM3U/],
    ['a URI without EXTINF', m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:1', 'a.ts'), /line 3: segment URI "a\.ts" has no EXTINF before it/],
    ['a negative media sequence', m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXT-X-MEDIA-SEQUENCE:-1', '#EXTINF:1,', 'a.ts'), /line 3: EXT-X-MEDIA-SEQUENCE must be a decimal-integer, found "-1"/],
    ['a repeated EXT-X-PLAYLIST-TYPE', m3u8('#EXTM3U', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-PLAYLIST-TYPE:VOD', '#EXT-X-TARGETDURATION:1', '#EXTINF:1,', 'a.ts'), /line 3: EXT-X-PLAYLIST-TYPE appears more than once/],
    ['a repeated EXT-X-TARGETDURATION', m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:1', '#EXT-X-TARGETDURATION:2', '#EXTINF:1,', 'a.ts'), /line 3: EXT-X-TARGETDURATION appears more than once/],
  ])('with strict, %s is refused', (_, text, message) => {
    expect(playlistError(text).message).toMatch(message);
  });
});
