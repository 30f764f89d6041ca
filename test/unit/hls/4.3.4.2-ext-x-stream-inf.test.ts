import { describe, expect, it } from 'vitest';
import { fixture, m3u8, master, playlistError } from './helpers.js';

describe('RFC 8216 4.3.4.2 EXT-X-STREAM-INF', () => {
  it('4.3.4.2: the URI line after EXT-X-STREAM-INF names the variant, resolved against the playlist URL', () => {
    const playlist = master(fixture('master-renditions.m3u8'));
    expect(playlist.variants.map((v) => v.uri)).toEqual([
      'https://cdn.example.test/video/video/1080p/index.m3u8',
      'https://cdn.example.test/video/video/720p/index.m3u8',
      'https://cdn.example.test/video/video/480p/index.m3u8',
      'https://other.example.test/video/360p/index.m3u8',
      'https://cdn.example.test/video/audio-only/index.m3u8',
    ]);
  });

  it('4.3.4.2: BANDWIDTH, AVERAGE-BANDWIDTH, CODECS (commas inside quotes), RESOLUTION and FRAME-RATE are read', () => {
    const first = master(fixture('master-renditions.m3u8')).variants[0];
    expect(first).toMatchObject({
      bandwidth: 5000000,
      averageBandwidth: 4500000,
      codecs: 'avc1.640028,mp4a.40.2',
      resolution: { width: 1920, height: 1080 },
      frameRate: 29.97,
      audio: 'aac',
      subtitles: 'subs',
      closedCaptions: 'cc',
    });
  });

  it('4.3.4.2: every EXT-X-STREAM-INF MUST include BANDWIDTH, so one without it is refused', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:RESOLUTION=1280x720', 'v.m3u8'));
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/BANDWIDTH attribute is required/);
  });

  it('4.3.4.2: an EXT-X-STREAM-INF with no URI line after it is refused', () => {
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1', '#EXT-X-STREAM-INF:BANDWIDTH=2', 'v.m3u8')).line).toBe(2);
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1')).line).toBe(2);
  });

  it('4.3.4.2: AUDIO MUST match the GROUP-ID of an EXT-X-MEDIA with TYPE=AUDIO, so a dangling group is refused', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="aac",NAME="x",URI="s.m3u8"', '#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="aac"', 'v.m3u8'));
    expect(error.line).toBe(3);
    expect(error.reason).toBe('AUDIO="aac" names no EXT-X-MEDIA group with TYPE=AUDIO');
  });

  it('4.3.4.2: EXT-X-MEDIA tags may come after the variants that use them', () => {
    const playlist = master(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"', 'v.m3u8', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x"'));
    expect(playlist.variants[0]?.audio).toBe('a');
  });

  it('4.3.4.2: a URI line that no EXT-X-STREAM-INF introduces is refused', () => {
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1', 'v.m3u8', 'stray.m3u8')).line).toBe(4);
  });
});
