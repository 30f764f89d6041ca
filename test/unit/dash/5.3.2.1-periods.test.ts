// ISO/IEC 23009-1 5.3.2.1: the start and duration of each Period.
import { describe, expect, it } from 'vitest';
import { manifestError, parse, staticMpd, urls } from './helpers.js';

const set = '<AdaptationSet contentType="video"><SegmentTemplate duration="2" media="$RepresentationID$-$Number$.m4s" /><Representation id="v" bandwidth="1" /></AdaptationSet>';

describe('5.3.2.1 Period timing', () => {
  it('a Period starts at its @start, else where the previous one ends (its start + @duration), the first at 0', () => {
    const mpd = parse(staticMpd(`<Period duration="PT4S">${set}</Period>\n<Period duration="PT6S">${set}</Period>\n<Period start="PT20S">${set}</Period>`, 'mediaPresentationDuration="PT24S"'));
    expect(mpd.periods.map((period) => [period.start, period.duration])).toEqual([[0, 4], [4, 6], [20, 4]]);
  });

  it('a Period without @duration lasts until the next Period\'s start, the last one until @mediaPresentationDuration', () => {
    const mpd = parse(staticMpd(`<Period start="PT0S">${set}</Period>\n<Period start="PT4S">${set}</Period>`, 'mediaPresentationDuration="PT10S"'));
    expect(mpd.periods.map((period) => period.duration)).toEqual([4, 6]);
    expect(urls(mpd, 0)).toEqual(['v-1.m4s', 'v-2.m4s']);
    expect(urls(mpd, 1)).toEqual(['v-1.m4s', 'v-2.m4s', 'v-3.m4s']);
  });

  it('a segment\'s presentation start counts from its Period\'s start', () => {
    const mpd = parse(staticMpd(`<Period duration="PT4S">${set}</Period>\n<Period>${set}</Period>`, 'mediaPresentationDuration="PT8S"'));
    const p = mpd.periods[1]!;
    expect(p.start).toBe(4);
  });

  it('a Period whose start cannot be known is refused; so is a static MPD with no end', () => {
    expect(manifestError(() => parse(staticMpd(`<Period>${set}</Period>\n<Period>${set}</Period>`))).reason).toMatch(/no @start and the one before it has no @duration/);
    expect(manifestError(() => parse(staticMpd(`<Period>${set}</Period>`, ''))).reason).toMatch(/a static MPD needs @mediaPresentationDuration or a Period@duration/);
  });

  it('a remote Period (xlink:href) is refused, naming it', () => {
    const error = manifestError(() => parse(staticMpd('<Period xlink:href="https://ads.example.test/p.xml" xmlns:xlink="http://www.w3.org/1999/xlink" />')));
    expect(error.reason).toMatch(/remote Periods \(xlink:href\) are not supported/);
  });

  it('xs:duration values with hours, minutes and fractional seconds are read in seconds', () => {
    const mpd = parse(staticMpd(`<Period duration="PT1H2M3.5S">${set}</Period>`, ''));
    expect(mpd.periods[0]!.duration).toBe(3723.5);
  });
});
