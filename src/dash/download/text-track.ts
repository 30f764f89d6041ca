// DASH text Representations as one WebVTT track: plain WebVTT (`text/vtt`, a whole file or
// segments), WebVTT in fMP4 (`wvtt`), TTML (a whole document, or `stpp` samples in fMP4).
// Each segment becomes a WebVTT document with trawl's offset header, so that the finish can
// place its cues on the download's timeline (the Period's start, less its
// presentationTimeOffset). The fMP4 kinds read their timescale from the segment's init section.
import { IntegrityError } from '../../errors/integrity-error.js';
import { errorMessage } from '../../errors/trawl-error.js';
import type { JobDeps } from '../../stream/segment-job.js';
import { documentWithOffset, parseVtt, type Cue } from '../../stream/subtitles/vtt.js';
import { readBoxes, readMoof } from '../../media/mp4/boxes.js';
import type { AdaptationSet, Representation } from '../parser/types.js';
import { ttmlCues } from '../text/ttml.js';
import { timingFromInit, wvttCues, type TrackTiming } from '../text/wvtt.js';
import type { DashStreamSegment } from './mpd-source.js';

export type TextFormat = 'vtt' | 'wvtt' | 'ttml' | 'stpp';

/** How a text Representation's bytes are to be read, or undefined when trawl cannot read them. */
export function textFormatOf(set: AdaptationSet, representation: Representation): TextFormat | undefined {
  const mime = (representation.mimeType ?? set.mimeType ?? '').toLowerCase();
  const codecs = (representation.codecs ?? set.codecs ?? '').toLowerCase();
  if (mime === 'text/vtt') return 'vtt';
  if (mime === 'application/ttml+xml' || mime === 'text/xml' || mime === 'application/xml') return 'ttml';
  if (mime === 'application/mp4' || mime === 'video/mp4') {
    if (codecs.startsWith('wvtt')) return 'wvtt';
    if (codecs.startsWith('stpp')) return 'stpp';
  }
  return undefined;
}

const decoder = new TextDecoder('utf-8');

export function textTransform(format: TextFormat): NonNullable<JobDeps['transform']> {
  return (parts, _index, streamSegment, init) => {
    const segment = streamSegment as DashStreamSegment;
    const bytes = Buffer.concat(parts);
    let cues: Cue[];
    let blocks: readonly string[] = [];
    try {
      if (format === 'vtt') {
        const document = parseVtt(decoder.decode(bytes));
        cues = [...document.cues];
        blocks = document.blocks;
      } else if (format === 'ttml') {
        cues = ttmlCues(decoder.decode(bytes), segment.uri);
      } else {
        const timing = init ? timingFromInit(Buffer.concat(init.parts)) : undefined;
        if (!timing) throw new Error('its init section names no track timescale');
        cues = format === 'wvtt' ? wvttCues(bytes, timing) : stppCues(bytes, timing, segment.uri);
      }
    } catch (error) {
      throw new IntegrityError(segment.uri, `the ${format} subtitle segment cannot be read: ${errorMessage(error)}`, { retryable: false, cause: error });
    }
    return [documentWithOffset(segment.mediaOffset, blocks, cues)];
  };
}

/**
 * TTML documents in fMP4 samples (ISO/IEC 14496-30 stpp). Their times are media times; a
 * document whose cues all fall within the sample's own duration counts from the sample's
 * start instead (some packagers write it so).
 */
function stppCues(segment: Uint8Array, timing: TrackTiming, name: string): Cue[] {
  const cues: Cue[] = [];
  for (const box of readBoxes(segment)) {
    if (box.type !== 'moof') continue;
    for (const fragment of readMoof(segment, box)) {
      let time = Number(fragment.baseDecodeTime ?? 0n);
      for (const sample of fragment.samples) {
        const duration = sample.duration ?? timing.defaultDuration ?? 0;
        const start = time / timing.timescale;
        const length = duration / timing.timescale;
        time += duration;
        if (!sample.size || sample.offset + sample.size > segment.length) continue;
        const found = ttmlCues(decoder.decode(segment.subarray(sample.offset, sample.offset + sample.size)), name);
        const relative = start > 0 && found.every((cue) => cue.end <= length + 0.001);
        for (const cue of found) cues.push(relative ? { ...cue, start: cue.start + start, end: cue.end + start } : cue);
      }
    }
  }
  return cues;
}
