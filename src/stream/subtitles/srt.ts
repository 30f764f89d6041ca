// SubRip output for `--sub-format srt`: numbered cues, `hh:mm:ss,ttt` timings, and the payload
// with WebVTT markup reduced to what SRT players read (<b>, <i>, <u>); voice, class, ruby and
// timestamp tags are dropped and character references decoded. Pure.
import { formatTimestamp, type Cue } from './vtt.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' };

/** A cue payload as SRT text. */
export function srtText(payload: string): string {
  return payload
    .replace(/<\/?(?:c|v|lang|ruby|rt)(?:[.\s][^>]*)?>/g, '')
    .replace(/<\d{2}(?::\d{2}){1,2}\.\d{3}>/g, '')
    .replace(/<(\/?)([biu])(?:\.[^>]*)?>/g, '<$1$2>')
    .replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(Number.parseInt(code, 16)));
}

export function serializeSrt(cues: readonly Cue[]): string {
  return cues
    .map((cue, index) => `${index + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${srtText(cue.text)}\n`)
    .join('\n');
}
