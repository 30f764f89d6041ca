// WebVTT in ISO BMFF (ISO/IEC 14496-30): a DASH text Representation with codecs `wvtt` carries
// each cue as a `vttc` box (payload `payl`, settings `sttg`, identifier `iden`) in a sample of
// a fragmented MP4, timed by the fragment (tfdt + trun). Samples holding `vtte` are gaps.
// Cue times come out in seconds of media time. Pure.
import { readBoxes, readMoof, trackTimescales, trexDurations } from '../../media/mp4/boxes.js';
import type { Cue } from '../../stream/subtitles/vtt.js';

export interface TrackTiming {
  readonly timescale: number;
  /** Default sample duration from the init section's trex, for fragments that give none. */
  readonly defaultDuration?: number | undefined;
}

/** The timescale (and default duration) of the first track of an init section. */
export function timingFromInit(init: Uint8Array): TrackTiming | undefined {
  const [trackId, timescale] = [...trackTimescales(init).entries()][0] ?? [];
  if (trackId === undefined || !timescale) return undefined;
  return { timescale, defaultDuration: trexDurations(init).get(trackId) };
}

const decoder = new TextDecoder('utf-8');

/** The cues of one fMP4 segment. */
export function wvttCues(segment: Uint8Array, timing: TrackTiming): Cue[] {
  const cues: Cue[] = [];
  for (const box of readBoxes(segment)) {
    if (box.type !== 'moof') continue;
    for (const fragment of readMoof(segment, box)) {
      let time = Number(fragment.baseDecodeTime ?? 0n);
      for (const sample of fragment.samples) {
        const duration = sample.duration ?? timing.defaultDuration ?? 0;
        const start = (time + sample.compositionOffset) / timing.timescale;
        const end = (time + sample.compositionOffset + duration) / timing.timescale;
        time += duration;
        const size = sample.size ?? 0;
        if (size === 0 || sample.offset + size > segment.length) continue;
        for (const cueBox of readBoxes(segment, sample.offset, sample.offset + size)) {
          if (cueBox.type !== 'vttc') continue;
          let text = '';
          let settings = '';
          let id: string | undefined;
          for (const part of readBoxes(segment, cueBox.body, cueBox.end)) {
            const value = decoder.decode(segment.subarray(part.body, part.end));
            if (part.type === 'payl') text = value;
            else if (part.type === 'sttg') settings = value.trim();
            else if (part.type === 'iden') id = value.trim() || undefined;
          }
          if (text !== '') cues.push({ id, start, end, settings, text: text.replace(/\n+$/, '') });
        }
      }
    }
  }
  return cues;
}
