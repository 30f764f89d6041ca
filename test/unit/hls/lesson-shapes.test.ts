import { describe, expect, it } from 'vitest';
import { selectVariant } from '../../../src/hls/index.js';
import { fixture, hex, master, media } from './helpers.js';

// The encrypted-HLS job of the original lesson: a master playlist with one variant whose URI
// line leads to a media playlist of 2-3 s AES-128 segments sharing one key file.
describe('the lesson playlists', () => {
  it('4.3.4.2: the lesson master playlist leads through its single URI line to the media playlist', () => {
    const playlist = master(fixture('lesson-master.m3u8'), 'http://127.0.0.1:41234/video/index.m3u8');
    expect(playlist.variants).toEqual([
      {
        uri: 'http://127.0.0.1:41234/video/1000kb/hls/index.m3u8',
        bandwidth: 1000000,
        averageBandwidth: undefined,
        codecs: undefined,
        resolution: { width: 1280, height: 720 },
        frameRate: undefined,
        hdcpLevel: undefined,
        programId: 1,
        audio: undefined,
        video: undefined,
        subtitles: undefined,
        closedCaptions: undefined,
      },
    ]);
    expect(selectVariant(playlist, 'best').variant).toBe(playlist.variants[0]);
    expect(selectVariant(playlist, '1080p').note).toBe('no 1080p variant; took the nearest below: 720p (1280x720, 1000 kbit/s)');
  });

  it('4.3.2.4: the lesson media playlist: one AES-128 key next to the playlist, 2-3 s segments, implicit IVs', () => {
    const url = 'http://127.0.0.1:41234/video/1000kb/hls/index.m3u8';
    const playlist = media(fixture('lesson-media-aes.m3u8'), url);
    expect(playlist).toMatchObject({ targetDuration: 3, mediaSequence: 0, endList: true, version: 3 });
    expect(playlist.segments.map((s) => [s.uri, s.duration])).toEqual([
      ['http://127.0.0.1:41234/video/1000kb/hls/0000000.ts', 2],
      ['http://127.0.0.1:41234/video/1000kb/hls/0000001.ts', 3],
      ['http://127.0.0.1:41234/video/1000kb/hls/0000002.ts', 2.52],
    ]);
    for (const segment of playlist.segments) {
      expect(segment.key).toMatchObject({ method: 'AES-128', uri: 'http://127.0.0.1:41234/video/1000kb/hls/key.key', supported: true });
      expect(segment.key?.iv).toHaveLength(16);
    }
    expect(hex(playlist.segments[2]!.key!.iv)).toBe('00000000000000000000000000000002');
  });
});
