// Choosing what to download from an MPD: video by --variant, audio and text by language, the
// choice followed through every Period.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { segmentsOf, selectTracks } from '../../../src/dash/index.js';
import { parse } from './helpers.js';

const mpd = parse(readFileSync(new URL('../../fixtures/dash/two-periods-av-subs.mpd', import.meta.url), 'utf8'));

function ids(spec: Parameters<typeof selectTracks>[1]): Record<string, string[]> {
  return Object.fromEntries(selectTracks(mpd, spec).map((track) => [track.kind, track.picks.map((pick) => pick.representation.id)]));
}

describe('selecting tracks', () => {
  it('takes the best video, the Role main audio at its best bandwidth, in every Period', () => {
    expect(ids({ variant: 'best' })).toEqual({ main: ['v1080', 'v1080'], audio: ['a-en-128', 'a-en-128'] });
  });

  it('--variant <height>p, worst and a bandwidth ceiling choose the video as they do for HLS', () => {
    expect(ids({ variant: '720p' }).main).toEqual(['v720', 'v720']);
    expect(ids({ variant: '480p' }).main).toEqual(['v360', 'v360']);
    expect(ids({ variant: 'worst' }).main).toEqual(['v360', 'v360']);
    expect(ids({ variant: '3m' }).main).toEqual(['v720', 'v720']);
  });

  it('--audio picks the AdaptationSet by language (de matches de-DE), --subs the text one', () => {
    const tracks = selectTracks(mpd, { variant: 'best', audio: 'de', subs: 'en' });
    expect(tracks.map((track) => [track.kind, track.lang, track.picks.map((pick) => pick.representation.id)])).toEqual([
      ['main', undefined, ['v1080', 'v1080']],
      ['audio', 'de-DE', ['a-de', 'a-de']],
      ['subtitles', 'en', ['s-en', 's-en']],
    ]);
    expect(tracks[1]!.note).toBe('audio: AdaptationSet (de-DE), for "de": Representation a-de, 128 kbit/s');
  });

  it('a track found only in a later Period is chosen there and left out of the Periods without it (French subtitles only in the second)', () => {
    const subs = selectTracks(mpd, { variant: 'best', subs: 'fr' }).find((track) => track.kind === 'subtitles');
    expect(subs!.picks.map((pick) => [pick.period.id, pick.representation.id])).toEqual([['main', 's-fr']]);
  });

  it('a language no AdaptationSet has is an OptionError listing what there is', () => {
    expect(() => selectTracks(mpd, { variant: 'best', audio: 'ja' })).toThrow(OptionError);
    expect(() => selectTracks(mpd, { variant: 'best', audio: 'ja' })).toThrow(/no audio AdaptationSet has that language; available: en, de-DE/);
  });

  it('the segments of both Periods join: 2 s templates in the first, a timeline to the end in the second', () => {
    const [video] = selectTracks(mpd, { variant: '360p' });
    const segments = video!.picks.flatMap((pick) => segmentsOf(mpd, pick.period, pick.representation).segments);
    expect(segments.map((segment) => segment.uri.replace('https://cdn.example.test/shows/talk/media/', ''))).toEqual([
      'intro/v360/1.m4s',
      'intro/v360/2.m4s',
      'main/v360/t0.m4s',
      'main/v360/t180000.m4s',
      'main/v360/t360000.m4s',
      'main/v360/t540000.m4s',
      'main/v360/t720000.m4s',
    ]);
    expect(segments.map((segment) => segment.start)).toEqual([0, 2, 4, 6, 8, 10, 12]);
  });
});
