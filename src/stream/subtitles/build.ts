// The finished subtitle file, made from a subtitle track's part (one WebVTT document per
// segment, end to end): every cue moved onto the video's timeline, repeats removed (HLS lists a
// cue that spans two segments in both; fMP4 cuts it in two at the sample boundary), in time
// order, as WebVTT or SubRip.
//
// The shift per document: HLS segments with X-TIMESTAMP-MAP (RFC 8216 3.5) hold cue time LOCAL
// at MPEG-2 time MPEGTS, so a cue lands at cue - LOCAL + MPEGTS/90000 - (the video's first
// timestamp), modulo the 33-bit MPEG clock; without the map the cue times are the stream's
// already. DASH documents carry trawl's own offset header (the Period's start, worked out
// when the segment arrived).
import { readFile } from 'node:fs/promises';
import { serializeSrt } from './srt.js';
import { serializeVtt, splitDocuments, type Cue } from './vtt.js';

const MPEG_HZ = 90_000;
const WRAP = 2 ** 33;

export interface SubtitleAlignment {
  /** Seconds of the main track's first timestamp (its MPEG-2 PTS, or its first fMP4 decode time), when it could be read. */
  readonly videoStart?: number | undefined;
}

export function buildSubtitles(text: string, format: 'vtt' | 'srt', alignment: SubtitleAlignment): string {
  const documents = splitDocuments(text);
  const firstMap = documents.find((document) => document.timestampMap)?.timestampMap;
  // Without the video's own start, the first mapped segment is taken to start with the video.
  const base = alignment.videoStart ?? (firstMap ? firstMap.mpegts / MPEG_HZ - firstMap.local : 0);
  const blocks: string[] = [];
  const cues: Cue[] = [];
  const seen = new Set<string>();
  for (const document of documents) {
    let shift = document.offset ?? 0;
    if (document.timestampMap) {
      let mpeg = document.timestampMap.mpegts - Math.round(base * MPEG_HZ);
      // The MPEG-2 clock wraps at 2^33: take the nearest turn.
      mpeg = ((((mpeg + WRAP / 2) % WRAP) + WRAP) % WRAP) - WRAP / 2;
      shift = mpeg / MPEG_HZ - document.timestampMap.local;
    }
    for (const block of document.blocks) if (!blocks.includes(block)) blocks.push(block);
    for (const cue of document.cues) {
      const start = Math.max(0, round(cue.start + shift));
      const end = round(cue.end + shift);
      if (end <= 0 || end < start) continue;
      const key = `${start}|${end}|${cue.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      cues.push({ ...cue, start, end });
    }
  }
  cues.sort((a, b) => a.start - b.start || a.end - b.end);
  const joined = joinSplitCues(cues);
  return format === 'srt' ? serializeSrt(joined) : serializeVtt(blocks, joined);
}

/**
 * A cue cut at a segment (or fMP4 sample) boundary comes as two cues with the same text, the
 * second starting where the first ends: they are one cue again.
 */
function joinSplitCues(cues: readonly Cue[]): Cue[] {
  const out: Cue[] = [];
  for (const cue of cues) {
    const last = out.at(-1);
    if (last && last.text === cue.text && last.settings === cue.settings && cue.start <= last.end + 0.001 && cue.start >= last.start) {
      out[out.length - 1] = { ...last, end: Math.max(last.end, cue.end) };
    } else {
      out.push(cue);
    }
  }
  return out;
}

/** Milliseconds are what both formats write: rounding here keeps repeats comparable. */
function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

export async function buildSubtitleFile(part: string, format: 'vtt' | 'srt', alignment: SubtitleAlignment): Promise<string> {
  return buildSubtitles(await readFile(part, 'utf8'), format, alignment);
}
