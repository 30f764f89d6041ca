// ISO/IEC 23009-1 5.6: BaseURL at the MPD, Period, AdaptationSet and Representation levels,
// each resolved against the one above, the top one against the MPD's own URL after redirects.
import { describe, expect, it } from 'vitest';
import { firstSegments, manifestError, parse, staticMpd } from './helpers.js';

const text = (mpdBase: string, periodBase: string, setBase: string, repBase: string): string =>
  staticMpd(
    `${mpdBase}\n<Period>${periodBase}\n<AdaptationSet contentType="video">${setBase}\n<SegmentTemplate duration="5" media="$Number$.m4s" initialization="init.mp4" />\n<Representation id="v" bandwidth="1">${repBase}</Representation>\n</AdaptationSet>\n</Period>`,
  );

describe('5.6 BaseURL', () => {
  it('BaseURLs at every level chain down, each resolved against the one above', () => {
    const mpd = parse(text('<BaseURL>cdn/</BaseURL>', '<BaseURL>period1/</BaseURL>', '<BaseURL>video/</BaseURL>', '<BaseURL>720p/</BaseURL>'));
    const { init, segments } = firstSegments(mpd);
    expect(init?.url).toBe('https://cdn.example.test/shows/talk/cdn/period1/video/720p/init.mp4');
    expect(segments[0]!.uri).toBe('https://cdn.example.test/shows/talk/cdn/period1/video/720p/1.m4s');
  });

  it('an absolute BaseURL replaces what is above it; an absolute path keeps only the origin', () => {
    expect(firstSegments(parse(text('', '<BaseURL>https://other.example.test/p/</BaseURL>', '<BaseURL>v/</BaseURL>', ''))).segments[0]!.uri).toBe('https://other.example.test/p/v/1.m4s');
    expect(firstSegments(parse(text('<BaseURL>/root/</BaseURL>', '', '', ''))).segments[0]!.uri).toBe('https://cdn.example.test/root/1.m4s');
  });

  it('the top level resolves against the URL the MPD came from after redirects, and the first of several BaseURLs is used', () => {
    const mpd = parse(text('<BaseURL>a/</BaseURL><BaseURL>b/</BaseURL>', '', '', ''), 'https://edge7.example.test/x/y/stream.mpd?token=1');
    expect(firstSegments(mpd).segments[0]!.uri).toBe('https://edge7.example.test/x/y/a/1.m4s');
  });

  it('surrounding whitespace in a BaseURL is ignored', () => {
    expect(firstSegments(parse(text('<BaseURL>\n   media/  \n</BaseURL>', '', '', ''))).segments[0]!.uri).toBe('https://cdn.example.test/shows/talk/media/1.m4s');
  });

  it('a Representation with no segment information is its BaseURL alone, one segment; with no BaseURL either it has no way to find its segments', () => {
    const single = parse(staticMpd('<Period><AdaptationSet contentType="text" mimeType="text/vtt" lang="en"><Representation id="s" bandwidth="1"><BaseURL>subs/en.vtt</BaseURL></Representation></AdaptationSet></Period>'));
    expect(firstSegments(single).segments.map((segment) => [segment.uri, segment.duration])).toEqual([['https://cdn.example.test/shows/talk/subs/en.vtt', 10]]);
    const error = manifestError(() => parse(staticMpd('<Period>\n<AdaptationSet contentType="video">\n<Representation id="v" bandwidth="1" />\n</AdaptationSet>\n</Period>')));
    expect(error.reason).toBe('no way to find its segments: it has no SegmentTemplate, SegmentList or SegmentBase, and no BaseURL naming its media');
    expect([error.line, error.element]).toEqual([5, '<Representation id="v">']);
  });
});
