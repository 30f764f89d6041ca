import { describe, expect, it } from 'vitest';
import { OptionError, PlaylistError } from '../../../src/errors/index.js';
import { selectVariant } from '../../../src/hls/index.js';
import { fixture, m3u8, master } from './helpers.js';

const ladder = master(fixture('master-renditions.m3u8'));

describe('selectVariant: choosing a variant stream from a master playlist', () => {
  it('best is the highest bandwidth', () => {
    const choice = selectVariant(ladder, 'best');
    expect(choice.variant.resolution?.height).toBe(1080);
    expect(choice.note).toBe('best: 1920x1080, 5000 kbit/s');
  });

  it('at equal bandwidth, best takes the larger picture and worst the smaller', () => {
    const tie = master(m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=640x360', 'small.m3u8', '#EXT-X-STREAM-INF:BANDWIDTH=1000,RESOLUTION=1280x720', 'big.m3u8'));
    expect(selectVariant(tie, 'best').variant.uri).toMatch(/big/);
    expect(selectVariant(tie, 'worst').variant.uri).toMatch(/small/);
  });

  it('worst is the lowest bandwidth, even an audio-only variant', () => {
    expect(selectVariant(ladder, 'worst').variant.bandwidth).toBe(64000);
  });

  it('<height>p takes the variant of that height and says so', () => {
    const choice = selectVariant(ladder, '720p');
    expect(choice.variant.resolution).toEqual({ width: 1280, height: 720 });
    expect(choice.note).toBe('720p: 1280x720, 2800 kbit/s');
  });

  it('<height>p with no variant of that height takes the nearest one below and says which', () => {
    const choice = selectVariant(ladder, '600p');
    expect(choice.variant.resolution?.height).toBe(480);
    expect(choice.note).toBe('no 600p variant; took the nearest below: 480p (842x480, 1400 kbit/s)');
  });

  it('<height>p below every variant is an OptionError listing what exists', () => {
    const error = (() => {
      try {
        selectVariant(ladder, '240p');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).message).toBe(
      'option variant: no variant at or below 240p; available: 1920x1080, 5000 kbit/s; 1280x720, 2800 kbit/s; 842x480, 1400 kbit/s; ' +
        '640x360, 800 kbit/s; no resolution, 64 kbit/s (received "240p")',
    );
  });

  it('a bandwidth number takes the highest variant not above it (k and m suffixes allowed)', () => {
    expect(selectVariant(ladder, '3000000').variant.bandwidth).toBe(2800000);
    expect(selectVariant(ladder, '2800000').variant.bandwidth).toBe(2800000);
    expect(selectVariant(ladder, '1500k').variant.bandwidth).toBe(1400000);
    expect(selectVariant(ladder, '10m').variant.bandwidth).toBe(5000000);
  });

  it('a bandwidth below every variant is an OptionError naming the lowest on offer', () => {
    expect(() => selectVariant(ladder, '1000')).toThrow(/no variant at or below 1 kbit\/s; available: .*no resolution, 64 kbit\/s/);
  });

  it('an unreadable spec is an OptionError that says what is accepted', () => {
    expect(() => selectVariant(ladder, 'hd')).toThrow(OptionError);
    expect(() => selectVariant(ladder, 'hd')).toThrow(/expected best, worst, <height>p/);
  });

  it('a master playlist without variants is a PlaylistError', () => {
    const empty = master(m3u8('#EXTM3U', '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="a.m3u8"'));
    expect(() => selectVariant(empty, 'best')).toThrow(PlaylistError);
  });
});
