import { describe, expect, it } from 'vitest';
import { fixture, m3u8, master, playlistError } from './helpers.js';

describe('RFC 8216 4.3.4.1 EXT-X-MEDIA', () => {
  it('4.3.4.1: audio renditions carry group, language, name, default, autoselect, channels and an absolute URI', () => {
    const audio = master(fixture('master-renditions.m3u8')).renditions.filter((r) => r.type === 'AUDIO');
    expect(audio.map((r) => [r.groupId, r.language, r.name, r.default, r.autoselect, r.channels, r.uri])).toEqual([
      ['aac', 'en-US', 'English', true, true, '2', 'https://cdn.example.test/video/audio/en/index.m3u8'],
      ['aac', 'fr', 'Français', false, true, '2', 'https://cdn.example.test/video/audio/fr/index.m3u8'],
      ['aac', 'es-419', 'Español', false, true, '6', 'https://cdn.example.test/shared/audio/es/index.m3u8'],
    ]);
  });

  it('4.3.4.1: subtitle renditions carry FORCED and CHARACTERISTICS (a quoted list with commas)', () => {
    const subs = master(fixture('master-renditions.m3u8')).renditions.filter((r) => r.type === 'SUBTITLES');
    expect(subs.map((r) => r.forced)).toEqual([false, true]);
    expect(subs[0]?.characteristics).toEqual(['public.accessibility.transcribes-spoken-dialog', 'public.accessibility.describes-music-and-sound']);
    expect(subs[1]?.uri).toBe('https://cdn.example.test/video/subs/de-forced.m3u8');
  });

  it('4.3.4.1: closed captions carry INSTREAM-ID and no URI (their media is in the video stream)', () => {
    const cc = master(fixture('master-renditions.m3u8')).renditions.find((r) => r.type === 'CLOSED-CAPTIONS');
    expect(cc).toMatchObject({ groupId: 'cc', instreamId: 'CC1', uri: undefined });
  });

  it('4.3.4.1: DEFAULT, AUTOSELECT and FORCED default to NO', () => {
    const playlist = master(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="Main"', '#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO="a"', 'v.m3u8'));
    expect(playlist.renditions[0]).toMatchObject({ default: false, autoselect: false, forced: false, uri: undefined });
  });

  it('4.3.4.1: TYPE, GROUP-ID and NAME are REQUIRED', () => {
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-MEDIA:GROUP-ID="a",NAME="x"')).reason).toMatch(/TYPE attribute is required/);
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,NAME="x"')).reason).toMatch(/GROUP-ID attribute is required/);
    expect(playlistError(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a"')).reason).toMatch(/NAME attribute is required/);
  });

  it('4.3.4.1: a SUBTITLES rendition without URI is refused (URI is REQUIRED for subtitles)', () => {
    const error = playlistError(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="s",NAME="en"'));
    expect(error.line).toBe(2);
    expect(error.reason).toMatch(/TYPE=SUBTITLES needs a URI/);
  });

  it('4.3.4.1: a rendition with an unrecognised TYPE is ignored (6.3.1)', () => {
    const playlist = master(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=HAPTICS,GROUP-ID="h",NAME="x"', '#EXT-X-STREAM-INF:BANDWIDTH=1', 'v.m3u8'));
    expect(playlist.renditions).toEqual([]);
  });
});
