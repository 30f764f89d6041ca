// DASH text Representations turned into cues: WebVTT in ISO BMFF (ISO/IEC 14496-30 `wvtt`) and
// TTML (W3C TTML2 10.9 time expressions), as the download does before the subtitle file is built.
import { describe, expect, it } from 'vitest';
import { timingFromInit, wvttCues } from '../../../src/dash/text/wvtt.js';
import { ttmlCues } from '../../../src/dash/text/ttml.js';

function box(type: string, ...payloads: Buffer[]): Buffer {
  const body = Buffer.concat(payloads);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

function full(type: string, version: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE((version << 24) | flags, 0);
  return box(type, head, payload);
}

const u32 = (...values: number[]): Buffer => {
  const out = Buffer.alloc(4 * values.length);
  values.forEach((value, index) => out.writeUInt32BE(value >>> 0, index * 4));
  return out;
};

/** An init section with one track (ID 1) at `timescale`. */
function init(timescale: number): Buffer {
  const tkhd = full('tkhd', 0, 7, u32(0, 0, 1, 0, 0));
  const mdhd = full('mdhd', 0, 0, u32(0, 0, timescale, 0, 0));
  return box('moov', box('trak', tkhd, box('mdia', mdhd)), box('mvex', full('trex', 0, 0, u32(1, 1, 0, 0, 0))));
}

/** One fragment whose samples are `samples` (bytes, duration), starting at media time `base`. */
function fragment(base: number, samples: { bytes: Buffer; duration: number }[]): Buffer {
  const trunBody = (offset: number): Buffer => Buffer.concat([u32(samples.length, offset), ...samples.map((sample) => u32(sample.duration, sample.bytes.length))]);
  const build = (offset: number): Buffer =>
    box('moof', full('mfhd', 0, 0, u32(1)), box('traf', full('tfhd', 0, 0x020000, u32(1)), full('tfdt', 1, 0, Buffer.from([0, 0, 0, 0, ...u32(base)])), full('trun', 0, 0x000301, trunBody(offset))));
  const moofSize = build(0).length;
  return Buffer.concat([build(moofSize + 8), box('mdat', ...samples.map((sample) => sample.bytes))]);
}

describe('ISO/IEC 14496-30 WebVTT in fMP4 (wvtt)', () => {
  it('each vttc sample is a cue timed by the fragment; vtte samples are gaps; sttg and iden are kept', () => {
    const timing = timingFromInit(init(1000))!;
    expect(timing.timescale).toBe(1000);
    const segment = fragment(10_000, [
      { bytes: box('vttc', box('payl', Buffer.from('Hello'))), duration: 1500 },
      { bytes: box('vtte'), duration: 500 },
      { bytes: box('vttc', box('iden', Buffer.from('c2')), box('sttg', Buffer.from('line:0')), box('payl', Buffer.from('World\n'))), duration: 1000 },
    ]);
    expect(wvttCues(segment, timing)).toEqual([
      { id: undefined, start: 10, end: 11.5, settings: '', text: 'Hello' },
      { id: 'c2', start: 12, end: 13, settings: 'line:0', text: 'World' },
    ]);
  });
});

describe('TTML (W3C TTML2)', () => {
  it('paragraphs become cues; clock and offset times, <br/> and italic spans are read', () => {
    const text =
      '<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:tickRate="10000000">\n' +
      '<body><div>\n<p begin="00:00:01.500" end="00:00:03.000">One<br/>two</p>\n' +
      '<p begin="40000000t" dur="2s">Hello <span tts:fontStyle="italic">there</span></p>\n</div></body></tt>';
    expect(ttmlCues(text, 'subs.ttml')).toEqual([
      { start: 1.5, end: 3, settings: '', text: 'One\ntwo' },
      { start: 4, end: 6, settings: '', text: 'Hello <i>there</i>' },
    ]);
  });

  it('a begin on an enclosing div offsets its paragraphs; frames count at ttp:frameRate', () => {
    const text =
      '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" ttp:frameRate="25"><body><div begin="10s">' +
      '<p begin="00:00:01:05" end="00:00:02:00">Framed</p></div></body></tt>';
    expect(ttmlCues(text, 'x.ttml')).toEqual([{ start: 11.2, end: 12, settings: '', text: 'Framed' }]);
  });
});
