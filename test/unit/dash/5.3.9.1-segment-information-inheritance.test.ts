// ISO/IEC 23009-1 5.3.9.1: segment information on the Period and AdaptationSet levels applies to
// the Representations below, attribute by attribute, the more specific level winning.
import { describe, expect, it } from 'vitest';
import { firstSegments, parse, staticMpd } from './helpers.js';

describe('5.3.9.1 segment information inheritance', () => {
  it('a SegmentTemplate on the AdaptationSet applies to every Representation, with $RepresentationID$ and $Bandwidth$ of each', () => {
    const mpd = parse(
      staticMpd(
        '<Period><AdaptationSet contentType="video"><SegmentTemplate duration="5" media="$RepresentationID$/$Bandwidth$/$Number$.m4s" />' +
          '<Representation id="lo" bandwidth="300000" /><Representation id="hi" bandwidth="900000" /></AdaptationSet></Period>',
      ),
    );
    const period = mpd.periods[0]!;
    const [lo, hi] = period.adaptationSets[0]!.representations;
    expect(lo!.addressing).toMatchObject({ kind: 'template', duration: 5, startNumber: 1 });
    expect(firstSegments(mpd).segments[1]!.uri).toBe('https://cdn.example.test/shows/talk/lo/300000/2.m4s');
    expect(hi!.addressing).toMatchObject({ kind: 'template', media: '$RepresentationID$/$Bandwidth$/$Number$.m4s' });
  });

  it('attributes merge across levels: the Period gives @timescale, the AdaptationSet @media, the Representation @startNumber', () => {
    const mpd = parse(
      staticMpd(
        '<Period><SegmentTemplate timescale="1000" duration="2500" />' +
          '<AdaptationSet contentType="video"><SegmentTemplate media="$Number$.m4s" />' +
          '<Representation id="v" bandwidth="1"><SegmentTemplate startNumber="10" /></Representation></AdaptationSet></Period>',
      ),
    );
    const { segments } = firstSegments(mpd);
    expect(segments.map((segment) => [segment.uri.split('/').at(-1), segment.duration])).toEqual([['10.m4s', 2.5], ['11.m4s', 2.5], ['12.m4s', 2.5], ['13.m4s', 2.5]]);
  });

  it('a SegmentTimeline on the AdaptationSet is taken when the Representation\'s template has none', () => {
    const mpd = parse(
      staticMpd(
        '<Period><AdaptationSet contentType="video"><SegmentTemplate timescale="1"><SegmentTimeline><S d="5" r="1" /></SegmentTimeline></SegmentTemplate>' +
          '<Representation id="v" bandwidth="1"><SegmentTemplate media="$Time$.m4s" /></Representation></AdaptationSet></Period>',
      ),
    );
    expect(firstSegments(mpd).segments.map((segment) => segment.uri.split('/').at(-1))).toEqual(['0.m4s', '5.m4s']);
  });

  it('the most specific level that has segment information decides which kind applies', () => {
    const mpd = parse(
      staticMpd(
        '<Period><AdaptationSet contentType="video"><SegmentTemplate duration="5" media="$Number$.m4s" />' +
          '<Representation id="v" bandwidth="1"><BaseURL>v.mp4</BaseURL><SegmentList duration="10"><SegmentURL mediaRange="0-9" /></SegmentList></Representation></AdaptationSet></Period>',
      ),
    );
    expect(mpd.periods[0]!.adaptationSets[0]!.representations[0]!.addressing.kind).toBe('list');
  });
});
