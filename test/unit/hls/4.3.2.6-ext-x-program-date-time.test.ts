import { describe, expect, it } from 'vitest';
import { fixture, m3u8, media, playlistError } from './helpers.js';

describe('RFC 8216 4.3.2.6 EXT-X-PROGRAM-DATE-TIME', () => {
  it('4.3.2.6: the date-time is attached to the next media segment only', () => {
    const playlist = media(fixture('live-event.m3u8'));
    expect(playlist.segments[0]?.programDateTime).toEqual(new Date('2024-05-01T12:00:00.000Z'));
    expect(playlist.segments[1]?.programDateTime).toBeUndefined();
  });

  it('4.3.2.6: a time-zone offset is honoured', () => {
    const playlist = media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PROGRAM-DATE-TIME:2010-02-19T14:54:23.031+08:00', '#EXTINF:2,', 'a.ts'));
    expect(playlist.segments[0]?.programDateTime?.toISOString()).toBe('2010-02-19T06:54:23.031Z');
  });

  it('4.3.2.6: a date-time without a time zone is read as UTC, the same on every machine', () => {
    const playlist = media(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PROGRAM-DATE-TIME:2010-02-19T14:54:23.5', '#EXTINF:2,', 'a.ts'));
    expect(playlist.segments[0]?.programDateTime?.toISOString()).toBe('2010-02-19T14:54:23.500Z');
  });

  it('4.3.2.6: a value that is not an ISO 8601 date-time is refused', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-PROGRAM-DATE-TIME:yesterday', '#EXTINF:2,', 'a.ts'));
    expect(error.line).toBe(3);
  });
});
