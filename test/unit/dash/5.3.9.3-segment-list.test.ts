// ISO/IEC 23009-1 5.3.9.3 SegmentList: SegmentURL@media and @mediaRange, Initialization.
import { describe, expect, it } from 'vitest';
import { firstSegments, manifestError, parse, staticMpd, videoSet } from './helpers.js';

describe('5.3.9.3 SegmentList', () => {
  it('each SegmentURL is a segment: @media resolved against the BaseURL, @mediaRange its byte range, timed by @duration', () => {
    const mpd = parse(
      staticMpd(
        videoSet(
          '<Representation id="v" bandwidth="1">\n<BaseURL>v/</BaseURL>\n<SegmentList timescale="1000" duration="4000">\n<Initialization sourceURL="init.mp4" range="0-599" />\n' +
            '<SegmentURL media="a.m4s" />\n<SegmentURL media="b.m4s" mediaRange="100-199" />\n<SegmentURL media="c.m4s" />\n</SegmentList>\n</Representation>',
        ),
      ),
    );
    const { init, segments } = firstSegments(mpd);
    expect(init).toEqual({ url: 'https://cdn.example.test/shows/talk/v/init.mp4', range: { offset: 0, length: 600 } });
    expect(segments.map((segment) => [segment.uri.split('/').slice(-2).join('/'), segment.byteRange, segment.duration, segment.number])).toEqual([
      ['v/a.m4s', undefined, 4, 1],
      ['v/b.m4s', { offset: 100, length: 100 }, 4, 2],
      ['v/c.m4s', undefined, 2, 3],
    ]);
  });

  it('a SegmentURL with only @mediaRange is a range of the BaseURL itself', () => {
    const mpd = parse(
      staticMpd(videoSet('<Representation id="v" bandwidth="1">\n<BaseURL>one.mp4</BaseURL>\n<SegmentList duration="5"><SegmentURL mediaRange="0-99" /><SegmentURL mediaRange="100-249" /></SegmentList>\n</Representation>')),
    );
    expect(firstSegments(mpd).segments.map((segment) => [segment.uri.split('/').at(-1), segment.byteRange])).toEqual([
      ['one.mp4', { offset: 0, length: 100 }],
      ['one.mp4', { offset: 100, length: 150 }],
    ]);
  });

  it('a SegmentList without SegmentURL is refused as having no way to find its segments', () => {
    const error = manifestError(() => parse(staticMpd(videoSet('<Representation id="v" bandwidth="1"><SegmentList duration="2" /></Representation>'))));
    expect(error.reason).toBe('no way to find its segments: the SegmentList has no SegmentURL');
  });

  it('a malformed @mediaRange is refused, naming the SegmentURL line', () => {
    const error = manifestError(() => parse(staticMpd(videoSet('<Representation id="v" bandwidth="1">\n<SegmentList duration="2">\n<SegmentURL media="a.m4s" mediaRange="9-2" />\n</SegmentList>\n</Representation>'))));
    expect(error.line).toBe(7);
    expect(error.reason).toMatch(/@mediaRange must be a byte range first-last, found "9-2"/);
  });
});
