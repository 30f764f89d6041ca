// ISO/IEC 23009-1 5.3.9.4 / 5.3.9.5.3: SegmentTemplate with @duration and @timescale, no timeline.
import { describe, expect, it } from 'vitest';
import { firstSegments, manifestError, parse, staticMpd, urls, videoSet } from './helpers.js';

const rep = '<Representation id="v" bandwidth="1000000" />';

describe('5.3.9.4 SegmentTemplate with @duration', () => {
  it('5.3.9.5.3: the Period holds ceil(duration × timescale / @duration) segments, numbered from @startNumber', () => {
    const mpd = parse(staticMpd(videoSet(`<SegmentTemplate timescale="90000" duration="180000" startNumber="5" media="s$Number%03d$.m4s" initialization="init.mp4" />\n${rep}`), 'mediaPresentationDuration="PT9S"'));
    expect(urls(mpd)).toEqual(['s005.m4s', 's006.m4s', 's007.m4s', 's008.m4s', 's009.m4s']);
    const segments = firstSegments(mpd).segments;
    expect(segments.map((segment) => segment.duration)).toEqual([2, 2, 2, 2, 1]);
    expect(segments.map((segment) => segment.start)).toEqual([0, 2, 4, 6, 8]);
    expect(segments.map((segment) => segment.time)).toEqual([0, 180000, 360000, 540000, 720000]);
  });

  it('@startNumber defaults to 1 and @timescale to 1', () => {
    const mpd = parse(staticMpd(videoSet(`<SegmentTemplate duration="4" media="$Number$.m4s" />\n${rep}`), 'mediaPresentationDuration="PT8S"'));
    expect(urls(mpd)).toEqual(['1.m4s', '2.m4s']);
  });

  it('a Period duration that the segment duration divides, written with fewer digits than the timescale, adds no extra segment', () => {
    const mpd = parse(staticMpd(videoSet(`<SegmentTemplate timescale="1000000" duration="2000000" media="$Number$.m4s" />\n${rep}`), 'mediaPresentationDuration="PT10M0.0S"'));
    expect(firstSegments(mpd).segments).toHaveLength(300);
  });

  it('the Period\'s own @duration bounds its segments, before @mediaPresentationDuration', () => {
    const mpd = parse(staticMpd(`<Period duration="PT4S">\n<AdaptationSet contentType="video">\n<SegmentTemplate duration="2" media="$Number$.m4s" />\n${rep}\n</AdaptationSet>\n</Period>`, 'mediaPresentationDuration="PT60S"'));
    expect(urls(mpd)).toEqual(['1.m4s', '2.m4s']);
  });

  it('@endNumber (5.3.9.4.2) ends the numbering early', () => {
    const mpd = parse(staticMpd(videoSet(`<SegmentTemplate duration="2" endNumber="3" media="$Number$.m4s" />\n${rep}`), 'mediaPresentationDuration="PT20S"'));
    expect(urls(mpd)).toEqual(['1.m4s', '2.m4s', '3.m4s']);
  });

  it('a SegmentTemplate with neither @duration nor a SegmentTimeline is refused as having no way to find its segments', () => {
    const error = manifestError(() => parse(staticMpd(videoSet(`<SegmentTemplate media="$Number$.m4s" />\n${rep}`))));
    expect(error.reason).toBe('no way to find its segments: the SegmentTemplate has neither @duration nor a SegmentTimeline');
    expect(error.line).toBe(5);
  });

  it('a SegmentTemplate without @media is refused as having no way to find its segments', () => {
    const error = manifestError(() => parse(staticMpd(videoSet(`<SegmentTemplate duration="2" initialization="i.mp4" />\n${rep}`))));
    expect(error.reason).toBe('no way to find its segments: the SegmentTemplate has no @media');
  });

  it('@timescale="0" is refused', () => {
    expect(manifestError(() => parse(staticMpd(videoSet(`<SegmentTemplate timescale="0" duration="2" media="$Number$.m4s" />\n${rep}`)))).reason).toMatch(/@timescale is 0/);
  });
});
