import { describe, expect, it } from 'vitest';
import { fixture, m3u8, media, playlistError } from './helpers.js';

const segment = ['#EXTINF:4,', 'a.ts'];

describe('RFC 8216 4.3.3 media playlist tags', () => {
  it('4.3.3.1: EXT-X-TARGETDURATION is REQUIRED, so a media playlist without it is refused', () => {
    const error = playlistError(m3u8('#EXTM3U', ...segment));
    expect(error.reason).toMatch(/needs EXT-X-TARGETDURATION/);
  });

  it('4.3.3.1: the target duration is a decimal-integer number of seconds', () => {
    expect(media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:6', ...segment)).targetDuration).toBe(6);
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:6.5', ...segment)).line).toBe(2);
  });

  it('4.3.3.2: without EXT-X-MEDIA-SEQUENCE the first segment is number 0', () => {
    const playlist = media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', ...segment, ...segment));
    expect(playlist.mediaSequence).toBe(0);
    expect(playlist.segments.map((s) => s.mediaSequence)).toEqual([0, 1]);
  });

  it('4.3.3.2: segments are numbered one by one from EXT-X-MEDIA-SEQUENCE', () => {
    const playlist = media(fixture('live-event.m3u8'));
    expect(playlist.mediaSequence).toBe(2680);
    expect(playlist.segments.map((s) => s.mediaSequence)).toEqual([2680, 2681, 2682]);
  });

  it('4.3.3.2: EXT-X-MEDIA-SEQUENCE MUST appear before the first media segment, so a late one is refused', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', ...segment, '#EXT-X-MEDIA-SEQUENCE:5', ...segment));
    expect(error.line).toBe(5);
    expect(error.reason).toMatch(/must appear before the first media segment/);
  });

  it('4.3.3.3: EXT-X-DISCONTINUITY-SEQUENCE MUST appear before any EXT-X-DISCONTINUITY', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-DISCONTINUITY', '#EXT-X-DISCONTINUITY-SEQUENCE:2', ...segment));
    expect(error.line).toBe(4);
  });

  it('4.3.3.4: EXT-X-ENDLIST means no more segments will be added; without it the playlist is live', () => {
    expect(media(fixture('lesson-media-aes.m3u8')).endList).toBe(true);
    expect(media(fixture('live-event.m3u8')).endList).toBe(false);
  });

  it('4.3.3.4: EXT-X-ENDLIST may occur anywhere in the playlist', () => {
    const playlist = media(m3u8('#EXTM3U', '#EXT-X-ENDLIST', '#EXT-X-TARGETDURATION:4', ...segment));
    expect(playlist.endList).toBe(true);
    expect(playlist.segments).toHaveLength(1);
  });

  it('4.3.3.5: EXT-X-PLAYLIST-TYPE is EVENT or VOD; an unrecognised value leaves the tag ignored (6.3.1)', () => {
    expect(media(fixture('live-event.m3u8')).playlistType).toBe('EVENT');
    expect(media(fixture('byterange-single-file.m3u8')).playlistType).toBe('VOD');
    expect(media(m3u8('#EXTM3U', '#EXT-X-PLAYLIST-TYPE:LIVE', '#EXT-X-TARGETDURATION:4', ...segment)).playlistType).toBeUndefined();
  });

  it('4.3.3.6: EXT-X-I-FRAMES-ONLY is reported', () => {
    expect(media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-I-FRAMES-ONLY', ...segment)).iFramesOnly).toBe(true);
  });
});
