import { describe, expect, it } from 'vitest';
import { fixture, hex, m3u8, media, playlistError } from './helpers.js';

const head = ['#EXTM3U', '#EXT-X-TARGETDURATION:6'];

describe('RFC 8216 4.3.2.5 EXT-X-MAP', () => {
  it('4.3.2.5: a map applies to every media segment after it until the next EXT-X-MAP', () => {
    const playlist = media(m3u8(...head, '#EXTINF:6,', 'before.ts', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:6,', 'a.m4s', '#EXTINF:6,', 'b.m4s'));
    expect(playlist.segments.map((s) => s.map?.uri)).toEqual([
      undefined,
      'https://cdn.example.test/video/init.mp4',
      'https://cdn.example.test/video/init.mp4',
    ]);
  });

  it('4.3.2.5: with two maps each segment knows its own map, byte range included', () => {
    const playlist = media(fixture('fmp4-two-maps.m3u8'));
    const main = { uri: 'https://cdn.example.test/video/main.mp4', byteRange: { length: 720, offset: 0 }, key: undefined };
    const ad = { uri: 'https://cdn.example.test/video/ad/init.mp4', byteRange: undefined, key: undefined };
    expect(playlist.segments.map((s) => s.map)).toEqual([main, main, ad, ad, main]);
  });

  it('4.3.2.5: BYTERANGE gives the sub-range of the init section; without an offset it starts at byte 0', () => {
    const playlist = media(m3u8(...head, '#EXT-X-MAP:URI="all.mp4",BYTERANGE="1200"', '#EXTINF:6,', '#EXT-X-BYTERANGE:5000@1200', 'all.mp4'));
    expect(playlist.segments[0]?.map?.byteRange).toEqual({ length: 1200, offset: 0 });
  });

  it('4.3.2.5: the URI attribute is REQUIRED', () => {
    expect(playlistError(m3u8(...head, '#EXT-X-MAP:BYTERANGE="10@0"', '#EXTINF:6,', 'a.m4s')).reason).toMatch(/^EXT-X-MAP: the URI attribute is required/);
  });

  it('4.3.2.5: a map is encrypted with the key in effect where its tag stands, not with later keys', () => {
    const playlist = media(m3u8(
      ...head,
      '#EXT-X-KEY:METHOD=AES-128,URI="k1",IV=0xAA',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXT-X-KEY:METHOD=AES-128,URI="k2"',
      '#EXTINF:6,',
      'a.m4s',
    ));
    const segment = playlist.segments[0]!;
    expect(segment.map?.key?.uri).toBe('https://cdn.example.test/video/k1');
    expect(hex(segment.map!.key!.iv)).toBe(`${'00'.repeat(15)}aa`);
    expect(segment.key?.uri).toBe('https://cdn.example.test/video/k2');
  });

  it('4.3.2.5: an AES-128 map whose EXT-X-KEY has no IV is refused (that IV attribute is REQUIRED)', () => {
    const error = playlistError(m3u8(...head, '#EXT-X-KEY:METHOD=AES-128,URI="k"', '#EXT-X-MAP:URI="init.mp4"', '#EXTINF:6,', 'a.m4s'));
    expect(error.line).toBe(4);
    expect(error.reason).toMatch(/AES-128 without an IV attribute/);
  });
});
