import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { selectRendition, selectVariant } from '../../../src/hls/index.js';
import { fixture, master } from './helpers.js';

const playlist = master(fixture('master-renditions.m3u8'));
const hd = selectVariant(playlist, '1080p').variant;

describe('selectRendition: choosing audio and subtitles for a variant (--audio, --subs)', () => {
  it('a language prefix matches per RFC 5646 subtags: "en" matches en-US', () => {
    const choice = selectRendition(playlist, hd, 'AUDIO', 'en');
    expect(choice?.rendition.language).toBe('en-US');
    expect(choice?.note).toBe('audio: "English" (en-US) for "en"');
  });

  it('a longer tag falls back to its prefix (RFC 4647 lookup): "fr-CA" finds fr', () => {
    expect(selectRendition(playlist, hd, 'AUDIO', 'fr-CA')?.rendition.name).toBe('Français');
  });

  it('language matching ignores case, and a NAME is accepted when no language matches', () => {
    expect(selectRendition(playlist, hd, 'AUDIO', 'ES')?.rendition.language).toBe('es-419');
    expect(selectRendition(playlist, hd, 'AUDIO', 'español')?.rendition.language).toBe('es-419');
  });

  it('without a language the DEFAULT=YES rendition of the group is taken', () => {
    const choice = selectRendition(playlist, hd, 'AUDIO');
    expect(choice?.rendition.name).toBe('English');
    expect(choice?.note).toBe('audio: "English" (en-US), the default of group "aac"');
  });

  it('subtitles are chosen the same way, forced ones included', () => {
    expect(selectRendition(playlist, hd, 'SUBTITLES', 'de')?.rendition).toMatchObject({ forced: true, uri: 'https://cdn.example.test/video/subs/de-forced.m3u8' });
  });

  it('a language the group lacks is an OptionError listing the renditions that exist', () => {
    expect(() => selectRendition(playlist, hd, 'AUDIO', 'ja')).toThrow(OptionError);
    expect(() => selectRendition(playlist, hd, 'AUDIO', 'ja')).toThrow(
      'option audio: no AUDIO rendition in group "aac" matches; available: "English" (en-US), "Français" (fr), "Español" (es-419) (received "ja")',
    );
  });

  it('a variant with no group of the type gives undefined without a language, and an error with one', () => {
    const small = selectVariant(playlist, '360p').variant;
    expect(selectRendition(playlist, small, 'SUBTITLES')).toBeUndefined();
    expect(() => selectRendition(playlist, small, 'SUBTITLES', 'en')).toThrow(/option subs: the chosen variant \(640x360, 800 kbit\/s\) has no SUBTITLES group; other variants offer: "English" \(en\)/);
  });
});
