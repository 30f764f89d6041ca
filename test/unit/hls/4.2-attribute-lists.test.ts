import { describe, expect, it } from 'vitest';
import { hex, m3u8, master, media, playlistError } from './helpers.js';

const variant = (attributes: string): string => m3u8('#EXTM3U', `#EXT-X-STREAM-INF:${attributes}`, 'v.m3u8');

describe('RFC 8216 4.2 attribute lists', () => {
  it('4.2: a quoted-string may contain commas: CODECS="avc1.4d401f,mp4a.40.2" is one value', () => {
    const playlist = master(variant('CODECS="avc1.4d401f,mp4a.40.2",BANDWIDTH=1000,RESOLUTION=640x360'));
    expect(playlist.variants[0]?.codecs).toBe('avc1.4d401f,mp4a.40.2');
    expect(playlist.variants[0]?.bandwidth).toBe(1000);
  });

  it('4.2: a hexadecimal-sequence has a 0x or 0X prefix and is read as big-endian bytes, left-padded to the width', () => {
    const base = ['#EXTM3U', '#EXT-X-TARGETDURATION:4'];
    const upper = media(m3u8(...base, '#EXT-X-KEY:METHOD=AES-128,URI="k",IV=0X0123456789ABCDEF0123456789abcdef', '#EXTINF:4,', 'a.ts'));
    expect(hex(upper.segments[0]!.key!.iv)).toBe('0123456789abcdef0123456789abcdef');
    const short = media(m3u8(...base, '#EXT-X-KEY:METHOD=AES-128,URI="k",IV=0x1F', '#EXTINF:4,', 'a.ts'));
    expect(hex(short.segments[0]!.key!.iv)).toBe(`${'00'.repeat(15)}1f`);
  });

  it('4.2: a decimal-resolution is two decimal-integers separated by "x"', () => {
    expect(master(variant('BANDWIDTH=1,RESOLUTION=3840x2160')).variants[0]?.resolution).toEqual({ width: 3840, height: 2160 });
    expect(playlistError(variant('BANDWIDTH=1,RESOLUTION=1280*720')).reason).toMatch(/RESOLUTION must be a decimal-resolution/);
  });

  it('4.2: an enumerated-string is unquoted, and CLOSED-CAPTIONS=NONE differs from the quoted group id "NONE"', () => {
    const enumerated = master(variant('BANDWIDTH=1,CLOSED-CAPTIONS=NONE'));
    expect(enumerated.variants[0]?.closedCaptions).toBeNull();
    const text = m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="NONE",NAME="cc",INSTREAM-ID="CC1"', '#EXT-X-STREAM-INF:BANDWIDTH=1,CLOSED-CAPTIONS="NONE"', 'v.m3u8');
    expect(master(text).variants[0]?.closedCaptions).toBe('NONE');
  });

  it('4.2: an AttributeName MUST NOT appear more than once in an attribute-list, so such a playlist is refused', () => {
    const error = playlistError(variant('BANDWIDTH=1000,BANDWIDTH=2000'));
    expect(error.line).toBe(2);
    expect(error.reason).toBe('EXT-X-STREAM-INF: attribute BANDWIDTH appears more than once');
  });

  it('4.2: a quoted-string without its closing quote is refused, naming the tag and the line', () => {
    const error = playlistError(variant('BANDWIDTH=1,CODECS="avc1.4d401f'));
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/^EXT-X-STREAM-INF: CODECS: the quoted-string has no closing quote/);
  });

  it('4.2: a decimal-integer that is not one is refused', () => {
    expect(playlistError(variant('BANDWIDTH=12.5')).reason).toMatch(/BANDWIDTH must be a decimal-integer/);
  });

  it('6.3.1: an attribute with an unrecognised name is ignored (clients MUST ignore it)', () => {
    const playlist = master(variant('BANDWIDTH=1000,X-VENDOR-SCORE="9,5",SCORE=2.5'));
    expect(playlist.variants[0]?.bandwidth).toBe(1000);
  });
});
