// ISO/IEC 23009-1 5.4 / 5.3.9.5.3: a dynamic MPD's segments exist once the wall clock has passed
// their end (availabilityStartTime + Period start + segment end − availabilityTimeOffset), within
// the time-shift buffer.
import { describe, expect, it } from 'vitest';
import { firstSegments, manifestError, parse } from './helpers.js';

const AST = Date.parse('2025-01-01T00:00:00Z');

const dynamicMpd = (inner: string, attributes = ''): string =>
  `<MPD type="dynamic" availabilityStartTime="2025-01-01T00:00:00Z" minimumUpdatePeriod="PT2S" ${attributes}>\n<Period start="PT0S" id="1">\n<AdaptationSet contentType="video">\n${inner}\n<Representation id="v" bandwidth="1" />\n</AdaptationSet>\n</Period>\n</MPD>`;

describe('5.4 dynamic MPDs', () => {
  it('a @duration template lists the segments that have ended by now', () => {
    const mpd = parse(dynamicMpd('<SegmentTemplate duration="2" media="$Number$.m4s" startNumber="1" />'));
    const { segments } = firstSegments(mpd, 0, AST + 9_000);
    expect(segments.map((segment) => segment.number)).toEqual([1, 2, 3, 4]);
    expect(segments.at(-1)!.start).toBe(6);
  });

  it('@timeShiftBufferDepth drops the segments that left the window', () => {
    const mpd = parse(dynamicMpd('<SegmentTemplate duration="2" media="$Number$.m4s" />', 'timeShiftBufferDepth="PT4S"'));
    expect(firstSegments(mpd, 0, AST + 100_000).segments.map((segment) => segment.number)).toEqual([49, 50]);
  });

  it('@availabilityTimeOffset makes segments available that much earlier', () => {
    const mpd = parse(dynamicMpd('<SegmentTemplate duration="2" availabilityTimeOffset="1.5" media="$Number$.m4s" />'));
    expect(firstSegments(mpd, 0, AST + 4_600).segments.map((segment) => segment.number)).toEqual([1, 2, 3]);
  });

  it('5.3.9.6: r="-1" on the last S of an open Period repeats up to now', () => {
    const mpd = parse(dynamicMpd('<SegmentTemplate timescale="1000" media="$Time$.m4s"><SegmentTimeline><S t="0" d="2000" r="-1" /></SegmentTimeline></SegmentTemplate>'));
    expect(firstSegments(mpd, 0, AST + 7_000).segments.map((segment) => segment.time)).toEqual([0, 2000, 4000, 6000]);
  });

  it('a dynamic MPD without @availabilityStartTime is refused when its segments are asked for', () => {
    const mpd = parse(dynamicMpd('<SegmentTemplate duration="2" media="$Number$.m4s" />').replace(' availabilityStartTime="2025-01-01T00:00:00Z"', ''));
    expect(manifestError(() => firstSegments(mpd, 0, AST)).reason).toMatch(/needs @availabilityStartTime/);
  });

  it('MPD@type, @minimumUpdatePeriod, @timeShiftBufferDepth and Location are read', () => {
    const mpd = parse(dynamicMpd('<SegmentTemplate duration="2" media="$Number$.m4s" />', 'timeShiftBufferDepth="PT30S"').replace('<Period', '<Location>next.mpd?t=2</Location>\n<Period'));
    expect(mpd).toMatchObject({ type: 'dynamic', minimumUpdatePeriod: 2, timeShiftBufferDepth: 30, availabilityStartTime: AST, locations: ['https://cdn.example.test/shows/talk/next.mpd?t=2'] });
  });
});
