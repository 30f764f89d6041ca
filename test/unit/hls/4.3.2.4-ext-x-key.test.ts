import { describe, expect, it } from 'vitest';
import { sequenceIv } from '../../../src/hls/index.js';
import { fixture, hex, m3u8, media, playlistError } from './helpers.js';

const head = ['#EXTM3U', '#EXT-X-TARGETDURATION:4'];

describe('RFC 8216 4.3.2.4 EXT-X-KEY and 5.2 IV', () => {
  it('4.3.2.4: segments before the first EXT-X-KEY, and after METHOD=NONE, are not encrypted', () => {
    const playlist = media(fixture('key-rotation.m3u8'));
    expect(playlist.segments[0]?.key).toBeUndefined();
    expect(playlist.segments[0]?.keys).toEqual([]);
    expect(playlist.segments[5]?.uri).toMatch(/clear5\.ts$/);
    expect(playlist.segments[5]?.key).toBeUndefined();
  });

  it('4.3.2.4: an IV attribute is a hexadecimal-sequence giving the 128-bit IV, used as given', () => {
    const playlist = media(fixture('key-rotation.m3u8'));
    const key = playlist.segments[3]?.key;
    expect(key?.explicitIv).toBe(true);
    expect(key?.iv).toBeInstanceOf(Uint8Array);
    expect(hex(key!.iv)).toBe('000102030405060708090a0b0c0d0e0f');
    // The same explicit IV for every segment the tag covers.
    expect(hex(playlist.segments[4]!.key!.iv)).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('5.2: without an IV attribute the media sequence number is the IV, big-endian in 16 octets padded on the left with zeros', () => {
    const playlist = media(fixture('lesson-media-aes.m3u8'));
    expect(playlist.segments.map((s) => hex(s.key!.iv))).toEqual([
      '00000000000000000000000000000000',
      '00000000000000000000000000000001',
      '00000000000000000000000000000002',
    ]);
    expect(playlist.segments.every((s) => s.key?.explicitIv === false)).toBe(true);
  });

  it('5.2: the implicit IV follows a non-zero EXT-X-MEDIA-SEQUENCE', () => {
    const playlist = media(fixture('key-rotation.m3u8'));
    expect(playlist.segments[1]?.mediaSequence).toBe(8);
    expect(hex(playlist.segments[1]!.key!.iv)).toBe(`${'00'.repeat(15)}08`);
    expect(hex(playlist.segments[2]!.key!.iv)).toBe(`${'00'.repeat(15)}09`);
    expect(hex(sequenceIv(0x1_0000_0001))).toBe(`${'00'.repeat(11)}0100000001`);
  });

  it('4.3.2.4: a key applies to every segment up to the next EXT-X-KEY, so keys rotate mid-playlist', () => {
    const playlist = media(fixture('key-rotation.m3u8'));
    expect(playlist.segments.map((s) => s.key?.uri)).toEqual([
      undefined,
      'https://keys.example.test/k1.bin',
      'https://keys.example.test/k1.bin',
      'https://cdn.example.test/video/k2.bin',
      'https://cdn.example.test/video/k2.bin',
      undefined,
    ]);
    expect(playlist.segments.map((s) => s.key?.method ?? 'clear')).toEqual(['clear', 'AES-128', 'AES-128', 'AES-128', 'AES-128', 'clear']);
  });

  it('4.3.2.4: KEYFORMAT defaults to "identity" and KEYFORMATVERSIONS to "1"', () => {
    const key = media(fixture('lesson-media-aes.m3u8')).segments[0]?.key;
    expect(key).toMatchObject({ method: 'AES-128', keyFormat: 'identity', keyFormatVersions: [1], supported: true });
  });

  it('4.3.2.4: keys of another KEYFORMAT are kept but flagged unsupported, and the identity key is the one to use', () => {
    const playlist = media(fixture('multi-keyformat.m3u8'));
    const first = playlist.segments[0]!;
    expect(first.keys.map((k) => [k.keyFormat, k.uri, k.supported])).toEqual([
      ['com.apple.streamingkeydelivery', 'skd://key-42', false],
      ['identity', 'https://cdn.example.test/video/keys/42.bin', true],
    ]);
    expect(first.key?.keyFormat).toBe('identity');
    expect(first.key?.keyFormatVersions).toEqual([1, 2]);
  });

  it('4.3.2.4: a new key replaces only the key of its own KEYFORMAT (two formats MAY apply to the same segment)', () => {
    const second = media(fixture('multi-keyformat.m3u8')).segments[1]!;
    expect(second.keys.map((k) => k.uri)).toEqual(['skd://key-42', 'https://cdn.example.test/video/keys/43.bin']);
    expect(second.key?.uri).toBe('https://cdn.example.test/video/keys/43.bin');
  });

  it('4.3.2.4: a playlist with only a DRM key format has a key, flagged unsupported', () => {
    const playlist = media(m3u8(...head, '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://x",KEYFORMAT="com.apple.streamingkeydelivery"', '#EXTINF:4,', 'a.ts'));
    expect(playlist.segments[0]?.key).toMatchObject({ uri: 'skd://x', supported: false });
  });

  it('4.3.2.4: URI is REQUIRED unless the METHOD is NONE, so AES-128 without it is refused', () => {
    const error = playlistError(m3u8(...head, '#EXT-X-KEY:METHOD=AES-128,IV=0x01', '#EXTINF:4,', 'a.ts'));
    expect(error.line).toBe(3);
    expect(error.reason).toMatch(/^EXT-X-KEY: METHOD=AES-128 needs a URI attribute/);
  });

  it('4.3.2.4: METHOD is REQUIRED', () => {
    expect(playlistError(m3u8(...head, '#EXT-X-KEY:URI="k.bin"', '#EXTINF:4,', 'a.ts')).reason).toMatch(/METHOD attribute is required/);
  });

  it('4.3.2.4: an IV wider than 128 bits is refused', () => {
    const iv = `0x${'11'.repeat(17)}`;
    expect(playlistError(m3u8(...head, `#EXT-X-KEY:METHOD=AES-128,URI="k",IV=${iv}`, '#EXTINF:4,', 'a.ts')).reason).toMatch(/longer than 128 bits/);
  });

  it('4.3.2.4: an unknown METHOD is kept as an unsupported key instead of being taken for clear media', () => {
    const playlist = media(m3u8(...head, '#EXT-X-KEY:METHOD=AES-512-XYZ,URI="k"', '#EXTINF:4,', 'a.ts'));
    expect(playlist.segments[0]?.key).toMatchObject({ method: 'AES-512-XYZ', supported: false });
  });
});
