// ISO/IEC 23009-1 5.3.9.6: SegmentTimeline — S@t, S@d, S@r, and r = -1.
import { describe, expect, it } from 'vitest';
import { firstSegments, manifestError, parse, staticMpd, urls, videoSet } from './helpers.js';

const rep = '<Representation id="v" bandwidth="1000000" />';

function timeline(s: string, attributes = 'timescale="1000"', mpdAttributes = 'mediaPresentationDuration="PT10S"') {
  return parse(staticMpd(videoSet(`<SegmentTemplate ${attributes} media="t$Time$-n$Number$.m4s">\n<SegmentTimeline>\n${s}\n</SegmentTimeline>\n</SegmentTemplate>\n${rep}`), mpdAttributes));
}

describe('5.3.9.6 SegmentTimeline', () => {
  it('S@r repeats a segment of duration S@d r more times; an S without @t starts where the previous one ended', () => {
    const mpd = timeline('<S t="0" d="2000" r="2" />\n<S d="1000" />\n<S d="3000" />');
    expect(urls(mpd)).toEqual(['t0-n1.m4s', 't2000-n2.m4s', 't4000-n3.m4s', 't6000-n4.m4s', 't7000-n5.m4s']);
    expect(firstSegments(mpd).segments.map((segment) => segment.duration)).toEqual([2, 2, 2, 1, 3]);
  });

  it('$Time$ is the S@t time itself, presentationTimeOffset included; the presentation start has it taken off', () => {
    const mpd = timeline('<S t="90000" d="2000" r="1" />', 'timescale="1000" presentationTimeOffset="90000"');
    expect(urls(mpd)).toEqual(['t90000-n1.m4s', 't92000-n2.m4s']);
    expect(firstSegments(mpd).segments.map((segment) => segment.start)).toEqual([0, 2]);
  });

  it('r="-1" repeats until the next S@t', () => {
    const mpd = timeline('<S t="0" d="2000" r="-1" />\n<S t="6000" d="4000" />');
    expect(urls(mpd)).toEqual(['t0-n1.m4s', 't2000-n2.m4s', 't4000-n3.m4s', 't6000-n4.m4s']);
  });

  it('r="-1" on the last S repeats until the end of the Period', () => {
    const mpd = timeline('<S t="0" d="2000" r="-1" />', 'timescale="1000"', 'mediaPresentationDuration="PT9S"');
    expect(urls(mpd)).toEqual(['t0-n1.m4s', 't2000-n2.m4s', 't4000-n3.m4s', 't6000-n4.m4s', 't8000-n5.m4s']);
    expect(firstSegments(mpd).segments.at(-1)!.duration).toBe(1);
  });

  it('r="-1" to the end of the Period counts from @presentationTimeOffset, as dash.js and Shaka compute it', () => {
    // The Period lasts 6 s; media time 100000 is its start, so the repeats stop at 100000 + 6000.
    const mpd = timeline('<S t="100000" d="2000" r="-1" />', 'timescale="1000" presentationTimeOffset="100000"', 'mediaPresentationDuration="PT6S"');
    expect(urls(mpd)).toEqual(['t100000-n1.m4s', 't102000-n2.m4s', 't104000-n3.m4s']);
  });

  it('r="-1" followed by an S without @t is refused, naming the S element', () => {
    const error = manifestError(() => timeline('<S t="0" d="2000" r="-1" />\n<S d="2000" />'));
    expect(error.reason).toMatch(/r="-1" needs the next S element to have @t/);
    expect(error.element).toBe('<S>');
    expect(error.line).toBe(7);
  });

  it('segments wholly before the Period\'s start are not part of it, and numbering counts from the first S', () => {
    const mpd = timeline('<S t="0" d="2000" r="3" />', 'timescale="1000" presentationTimeOffset="4000"', 'mediaPresentationDuration="PT4S"');
    expect(urls(mpd)).toEqual(['t4000-n3.m4s', 't6000-n4.m4s']);
  });

  it('an S element without @d is refused', () => {
    expect(manifestError(() => timeline('<S t="0" />')).reason).toMatch(/needs a @d greater than 0/);
  });

  it('a SegmentList may be timed by a SegmentTimeline too', () => {
    const mpd = parse(staticMpd(videoSet(`<SegmentList timescale="10">\n<SegmentTimeline><S d="20" r="1" /><S d="10" /></SegmentTimeline>\n<SegmentURL media="a.m4s" /><SegmentURL media="b.m4s" /><SegmentURL media="c.m4s" />\n</SegmentList>\n${rep}`)));
    expect(firstSegments(mpd).segments.map((segment) => [segment.uri.split('/').at(-1), segment.duration])).toEqual([['a.m4s', 2], ['b.m4s', 2], ['c.m4s', 1]]);
  });
});
