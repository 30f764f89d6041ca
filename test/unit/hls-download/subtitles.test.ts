// One subtitle file from a subtitle track's segments: RFC 8216 3.5 X-TIMESTAMP-MAP applied
// against the video's first timestamp, trawl's offset header for DASH, repeats removed, cues cut
// at segment boundaries joined, WebVTT or SubRip out.
import { describe, expect, it } from 'vitest';
import { buildSubtitles } from '../../../src/stream/subtitles/build.js';
import { serializeSrt, srtText } from '../../../src/stream/subtitles/srt.js';
import { documentWithOffset, formatTimestamp, parseTimestamp, parseVtt, splitDocuments, terminateDocument } from '../../../src/stream/subtitles/vtt.js';

const segment = (mpegts: number, local: string, cues: string): string => `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:${local}\n\n${cues}\n\n`;

describe('RFC 8216 3.5 WebVTT segments and X-TIMESTAMP-MAP', () => {
  it('a cue lands at cue − LOCAL + MPEGTS/90000 − the video\'s first timestamp', () => {
    const part = segment(900000, '00:00:00.000', '00:00:01.000 --> 00:00:02.000\nHello') + segment(1080000, '00:00:00.000', '00:00:00.500 --> 00:00:01.500\nWorld');
    expect(buildSubtitles(part, 'vtt', { videoStart: 9 })).toBe('WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nHello\n\n00:00:03.500 --> 00:00:04.500\nWorld\n\n');
  });

  it('a LOCAL time is taken off the cue times it maps', () => {
    const part = segment(900000, '00:01:00.000', '00:01:02.000 --> 00:01:03.000\nLate');
    expect(buildSubtitles(part, 'vtt', { videoStart: 10 })).toBe('WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nLate\n\n');
  });

  it('without the video\'s start, the first mapped segment is taken to start with the video', () => {
    const part = segment(900000, '00:00:00.000', '00:00:01.000 --> 00:00:02.000\nA') + segment(990000, '00:00:00.000', '00:00:01.500 --> 00:00:02.000\nB');
    expect(buildSubtitles(part, 'vtt', {})).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n\n00:00:02.500 --> 00:00:03.000\nB\n\n');
  });

  it('the 33-bit MPEG-2 clock wrapping between the video\'s start and a segment is taken into account', () => {
    const part = segment(45000, '00:00:00.000', '00:00:00.000 --> 00:00:01.000\nAfter the wrap');
    // The video starts 1.5 s before the wrap; the segment's 0.5 s after it is 2 s in.
    expect(buildSubtitles(part, 'vtt', { videoStart: (2 ** 33 - 135000) / 90000 })).toBe('WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nAfter the wrap\n\n');
  });

  it('segments without X-TIMESTAMP-MAP keep their cue times', () => {
    expect(buildSubtitles('WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nPlain\n\n', 'vtt', { videoStart: 10 })).toBe('WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nPlain\n\n');
  });

  it('a cue repeated in the next segment is written once; one cut at the boundary is joined', () => {
    const part =
      segment(0, '00:00:00.000', '00:00:01.000 --> 00:00:03.000\nSpans\n\n00:00:02.500 --> 00:00:04.000\nCut') +
      segment(0, '00:00:00.000', '00:00:01.000 --> 00:00:03.000\nSpans\n\n00:00:04.000 --> 00:00:05.000\nCut');
    expect(buildSubtitles(part, 'vtt', { videoStart: 0 })).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nSpans\n\n00:00:02.500 --> 00:00:05.000\nCut\n\n');
  });

  it('STYLE and REGION blocks are kept once, before the cues; NOTE blocks are dropped; ids and settings stay', () => {
    const part =
      'WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nNOTE made by hand\n\nintro\n00:00:01.000 --> 00:00:02.000 align:start line:90%\n<v Bob>Hi</v>\n\n' +
      'WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\n00:00:03.000 --> 00:00:04.000\nBye\n\n';
    expect(buildSubtitles(part, 'vtt', {})).toBe(
      'WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nintro\n00:00:01.000 --> 00:00:02.000 align:start line:90%\n<v Bob>Hi</v>\n\n00:00:03.000 --> 00:00:04.000\nBye\n\n',
    );
  });

  it('a DASH document with trawl\'s offset header is moved by that offset, whatever the video\'s start', () => {
    const part = documentWithOffset(4, [], [{ start: 1, end: 2, settings: '', text: 'Second Period' }]).toString('utf8');
    expect(buildSubtitles(part, 'vtt', { videoStart: 10 })).toBe('WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nSecond Period\n\n');
  });

  it('segments joined end to end split into documents at each WEBVTT line after a blank line', () => {
    const joined = Buffer.concat([terminateDocument(Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\nA')), terminateDocument(Buffer.from('WEBVTT\n\n00:03.000 --> 00:04.000\nB\n'))]).toString();
    expect(splitDocuments(joined).map((document) => document.cues.map((cue) => cue.text))).toEqual([['A'], ['B']]);
  });
});

describe('WebVTT timestamps', () => {
  it('reads mm:ss.ttt and hh:mm:ss.ttt, and writes hh:mm:ss.ttt', () => {
    expect(parseTimestamp('01:02.500')).toBe(62.5);
    expect(parseTimestamp('1:00:00.001')).toBe(3600.001);
    expect(formatTimestamp(3723.456)).toBe('01:02:03.456');
    expect(formatTimestamp(0.5, ',')).toBe('00:00:00,500');
  });

  it('a block that is not a cue is skipped, as WebVTT parsers do', () => {
    expect(parseVtt('WEBVTT\n\nnot a cue\nat all\n\n00:01.000 --> 00:02.000\nyes\n').cues.map((cue) => cue.text)).toEqual(['yes']);
  });
});

describe('--sub-format srt', () => {
  it('numbers the cues, writes hh:mm:ss,ttt and keeps only <b>, <i> and <u> of the markup', () => {
    const part = segment(900000, '00:00:00.000', '00:00:01.000 --> 00:00:02.000\n<v Ann><i>Hi</i> &amp; <c.loud>bye</c></v>\n\n00:00:03.000 --> 00:00:04.250\nTwo\nlines');
    expect(buildSubtitles(part, 'srt', { videoStart: 10 })).toBe('1\n00:00:01,000 --> 00:00:02,000\n<i>Hi</i> & bye\n\n2\n00:00:03,000 --> 00:00:04,250\nTwo\nlines\n');
  });

  it('decodes character references', () => {
    expect(srtText('a&lt;b&gt;c&nbsp;&#233;&#x41;')).toBe('a<b>c\u00a0éA');
    expect(serializeSrt([])).toBe('');
  });
});
