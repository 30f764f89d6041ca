import { describe, expect, it } from 'vitest';
import { selectVariant } from '../../../src/hls/index.js';
import { fixture, m3u8, master, playlistError } from './helpers.js';

describe('RFC 8216 4.3.4.3 EXT-X-I-FRAME-STREAM-INF', () => {
  it('4.3.4.3: I-frame streams are listed apart and are never offered for download as variants', () => {
    const playlist = master(fixture('master-renditions.m3u8'));
    expect(playlist.iFrameVariants).toEqual([
      { uri: 'https://cdn.example.test/video/video/720p/iframes.m3u8', bandwidth: 200000, averageBandwidth: undefined, codecs: 'avc1.4d401f', resolution: { width: 1280, height: 720 }, hdcpLevel: undefined, video: undefined },
    ]);
    expect(playlist.variants.some((v) => v.uri.includes('iframes'))).toBe(false);
    expect(selectVariant(playlist, 'worst').variant.uri).toMatch(/audio-only/);
  });

  it('4.3.4.3: the URI attribute is REQUIRED (there is no URI line after this tag)', () => {
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1')).reason).toMatch(/URI attribute is required/);
  });
});
