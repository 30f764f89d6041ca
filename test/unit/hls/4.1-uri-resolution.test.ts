import { describe, expect, it } from 'vitest';
import { InvalidUrlError } from '../../../src/errors/index.js';
import { parsePlaylist } from '../../../src/hls/index.js';
import { m3u8, master, media } from './helpers.js';

const playlist = m3u8(
  '#EXTM3U',
  '#EXT-X-TARGETDURATION:4',
  '#EXT-X-KEY:METHOD=AES-128,URI="../keys/k.bin?token=abc"',
  '#EXTINF:4,',
  'seg-1.ts',
  '#EXTINF:4,',
  '/root/seg-2.ts',
  '#EXTINF:4,',
  'https://other.example.test/abs/seg-3.ts?sig=1',
  '#EXTINF:4,',
  '//cdn2.example.test/seg-4.ts',
);

describe('RFC 8216 4.1 URI resolution (relative URIs are relative to the playlist that contains them)', () => {
  it('4.1: relative, root-relative, scheme-relative and absolute URIs resolve against the playlist URL', () => {
    const parsed = media(playlist, 'https://cdn.example.test/show/ep1/index.m3u8?session=9');
    expect(parsed.segments.map((s) => s.uri)).toEqual([
      'https://cdn.example.test/show/ep1/seg-1.ts',
      'https://cdn.example.test/root/seg-2.ts',
      'https://other.example.test/abs/seg-3.ts?sig=1',
      'https://cdn2.example.test/seg-4.ts',
    ]);
    expect(parsed.segments[0]?.key?.uri).toBe('https://cdn.example.test/show/keys/k.bin?token=abc');
  });

  it('4.1: URIs resolve against the final URL after a redirect, which the caller passes in', () => {
    const parsed = media(playlist, 'https://edge-7.cdn.example.test/v2/ep1/720p/index.m3u8');
    expect(parsed.url).toBe('https://edge-7.cdn.example.test/v2/ep1/720p/index.m3u8');
    expect(parsed.segments[0]?.uri).toBe('https://edge-7.cdn.example.test/v2/ep1/720p/seg-1.ts');
    expect(parsed.segments[1]?.uri).toBe('https://edge-7.cdn.example.test/root/seg-2.ts');
  });

  it('4.1: a master playlist resolves variant URI lines and rendition URI attributes the same way', () => {
    const parsed = master(
      m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="audio/en.m3u8"', '#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"', '../hd/index.m3u8'),
      new URL('http://127.0.0.1:8080/hls/master/main.m3u8'),
    );
    expect(parsed.renditions[0]?.uri).toBe('http://127.0.0.1:8080/hls/master/audio/en.m3u8');
    expect(parsed.variants[0]?.uri).toBe('http://127.0.0.1:8080/hls/hd/index.m3u8');
  });

  it('a playlist URL that is not absolute is an InvalidUrlError, not a guess', () => {
    expect(() => parsePlaylist(playlist, 'index.m3u8')).toThrow(InvalidUrlError);
  });
});
