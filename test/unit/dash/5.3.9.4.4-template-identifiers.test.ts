// ISO/IEC 23009-1 5.3.9.4.4, Table 16: identifiers in SegmentTemplate@media and @initialization.
import { describe, expect, it } from 'vitest';
import { compileTemplate, fillTemplate } from '../../../src/dash/index.js';
import { firstSegments, manifestError, parse, staticMpd, urls, videoSet } from './helpers.js';

function fill(template: string, values = { RepresentationID: 'v1', Bandwidth: 800000, Number: 7, Time: 180000 }): string {
  const compiled = compileTemplate(template);
  if ('error' in compiled) throw new Error(compiled.error);
  return fillTemplate(compiled, values);
}

describe('5.3.9.4.4 template identifiers', () => {
  it('$RepresentationID$, $Number$, $Bandwidth$ and $Time$ are replaced by the Representation id, the segment number, the bandwidth and the MPD time', () => {
    expect(fill('$RepresentationID$/$Bandwidth$/seg-$Number$-$Time$.m4s')).toBe('v1/800000/seg-7-180000.m4s');
  });

  it('a format tag %0<width>d pads the number with zeros to that width, and a longer number is not cut', () => {
    expect(fill('seg_$Number%05d$.m4s')).toBe('seg_00007.m4s');
    expect(fill('t_$Time%03d$.m4s')).toBe('t_180000.m4s');
    expect(fill('b_$Bandwidth%09d$')).toBe('b_000800000');
  });

  it('$$ is a literal dollar sign', () => {
    expect(fill('price$$/$Number$.m4s')).toBe('price$/7.m4s');
  });

  it('an identifier the table does not define is refused, naming it and the element on its MPD line', () => {
    const error = manifestError(() =>
      parse(staticMpd(videoSet('<SegmentTemplate media="seg-$Segment$.m4s" duration="2" />\n<Representation id="v1" bandwidth="1000" />'))),
    );
    expect(error.line).toBe(5);
    expect(error.element).toBe('<SegmentTemplate> of <Representation id="v1">');
    expect(error.message).toMatch(/manifest https:\/\/cdn\.example\.test\/shows\/talk\/manifest\.mpd line 5 column 1 \(<SegmentTemplate> of <Representation id="v1">\): @media "seg-\$Segment\$\.m4s": unknown identifier \$Segment\$/);
  });

  it('a format tag on $RepresentationID$, a format other than d, and an unclosed $ are refused', () => {
    expect(compileTemplate('$RepresentationID%05d$')).toEqual({ error: '$RepresentationID$ takes no format tag' });
    expect(compileTemplate('$Number%05x$')).toEqual({ error: '$Number%05x$: the format tag must be %0<width>d' });
    expect('error' in compileTemplate('seg$Number.m4s')).toBe(true);
  });

  it('@initialization takes $RepresentationID$ and $Bandwidth$, and refuses $Number$ or $Time$', () => {
    const mpd = parse(staticMpd(videoSet('<SegmentTemplate initialization="$RepresentationID$-$Bandwidth$-init.mp4" media="$RepresentationID$-$Number$.m4s" duration="5" />\n<Representation id="hd" bandwidth="5000" />')));
    expect(firstSegments(mpd).init?.url).toBe('https://cdn.example.test/shows/talk/hd-5000-init.mp4');
    expect(urls(mpd)).toEqual(['hd-1.m4s', 'hd-2.m4s']);
    const error = manifestError(() => parse(staticMpd(videoSet('<SegmentTemplate initialization="init-$Number$.mp4" media="$Number$.m4s" duration="5" />\n<Representation id="hd" bandwidth="5000" />'))));
    expect(error.reason).toMatch(/uses \$Number\$ or \$Time\$, which an initialization template must not/);
  });

  it('a @media template with neither $Number$ nor $Time$ is refused: every segment would have the same URL', () => {
    const error = manifestError(() => parse(staticMpd(videoSet('<SegmentTemplate media="same.m4s" duration="5" />\n<Representation id="hd" bandwidth="5000" />'))));
    expect(error.reason).toMatch(/has neither \$Number\$ nor \$Time\$/);
  });
});
