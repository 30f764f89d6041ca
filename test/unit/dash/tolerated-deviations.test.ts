// Deviations from ISO/IEC 23009-1 that players (dash.js, Shaka, ffmpeg) accept: trawl accepts
// them too, each reported once as a warning naming it; with `strict` each is refused.
import { describe, expect, it } from 'vitest';
import { manifestError, parseWithWarnings, staticMpd, videoSet } from './helpers.js';
import { parseMpd } from '../../../src/dash/index.js';

const tmpl = '<SegmentTemplate duration="5" media="$RepresentationID$-$Number$.m4s" />';

describe('tolerated MPD deviations', () => {
  it('a Representation without @bandwidth is taken as 0 bit/s, with one warning however many there are', () => {
    const { mpd, warnings } = parseWithWarnings(staticMpd(videoSet(`${tmpl}\n<Representation id="a" />\n<Representation id="b" />`)));
    expect(mpd.periods[0]!.adaptationSets[0]!.representations.map((r) => r.bandwidth)).toEqual([0, 0]);
    expect(warnings).toEqual([{ code: 'representation-bandwidth', message: 'a Representation has no @bandwidth (required); taken as 0 when choosing', place: { line: 6, column: 1, element: '<Representation id="a">' } }]);
  });

  it('a Representation without @id is numbered by its position', () => {
    const { mpd, warnings } = parseWithWarnings(staticMpd(videoSet(`${tmpl}\n<Representation bandwidth="1" />`)));
    expect(mpd.periods[0]!.adaptationSets[0]!.representations[0]!.id).toBe('1');
    expect(warnings.map((warning) => warning.code)).toEqual(['representation-id']);
  });

  it('a whole number written as a decimal ("1000000.0") is read as that number', () => {
    const { mpd, warnings } = parseWithWarnings(staticMpd(videoSet(`${tmpl}\n<Representation id="a" bandwidth="1000000.0" />`)));
    expect(mpd.periods[0]!.adaptationSets[0]!.representations[0]!.bandwidth).toBe(1_000_000);
    expect(warnings[0]!.message).toBe('@bandwidth="1000000.0" should be a whole number (xs:unsignedInt); read as 1000000');
  });

  it.each([
    ['no @bandwidth', `${tmpl}\n<Representation id="a" />`, /\(<Representation id="a">\): a Representation needs a @bandwidth$/],
    ['no @id', `${tmpl}\n<Representation bandwidth="1" />`, /a Representation needs an @id$/],
    ['a decimal integer', `${tmpl}\n<Representation id="a" bandwidth="5.0" />`, /@bandwidth must be a whole number, found "5\.0"$/],
  ])('with strict, %s is refused with its line', (_, inner, message) => {
    const error = manifestError(() => parseMpd(staticMpd(videoSet(inner)), 'https://cdn.example.test/m.mpd', { strict: true }));
    expect(error.message).toMatch(message);
    expect(error.line).toBe(6);
  });
});
