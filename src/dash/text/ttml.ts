// TTML (W3C TTML2, as IMSC profiles it) to cues, for DASH text Representations that carry
// TTML: a whole `.ttml`/`.xml` document, or one document per sample of an fMP4 track (codecs
// `stpp`). Paragraphs (`p`) become cues; `br` a line break; `span` text joins in, italic
// spans as <i>. Time expressions (10.9): clock time `hh:mm:ss(.fff|:frames)` and offset time
// `<n>(h|m|s|ms|f|t)`, with ttp:frameRate and ttp:tickRate; a `begin` on an enclosing `body`
// or `div` offsets its children. Cue times come out in seconds of media time. Pure.
import type { Cue } from '../../stream/subtitles/vtt.js';
import { parseXml, type XmlElement } from '../parser/xml.js';

interface Rates {
  readonly frameRate: number;
  readonly tickRate: number;
}

function parseTime(text: string | undefined, rates: Rates): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim();
  const clock = /^(\d+):(\d{2}):(\d{2})(?:\.(\d+)|:(\d+)(?:\.(\d+))?)?$/.exec(value);
  if (clock) {
    const [, h, m, s, fraction, frames] = clock;
    const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
    if (fraction !== undefined) return seconds + Number(`0.${fraction}`);
    if (frames !== undefined) return seconds + Number(frames) / rates.frameRate;
    return seconds;
  }
  const offset = /^(\d+(?:\.\d+)?)(h|m|s|ms|f|t)$/.exec(value);
  if (!offset) return undefined;
  const amount = Number(offset[1]);
  switch (offset[2]) {
    case 'h':
      return amount * 3600;
    case 'm':
      return amount * 60;
    case 's':
      return amount;
    case 'ms':
      return amount / 1000;
    case 'f':
      return amount / rates.frameRate;
    default:
      return amount / rates.tickRate;
  }
}

function textOf(element: XmlElement): string {
  let out = '';
  for (const part of element.content) {
    if (typeof part === 'string') out += part.replace(/\s+/g, ' ');
    else if (part.name === 'br') out += '\n';
    else {
      const inner = textOf(part);
      const italic = /italic/i.test(part.attributes['tts:fontStyle'] ?? '');
      out += italic ? `<i>${inner}</i>` : inner;
    }
  }
  return out;
}

/** The cues of one TTML document; `name` identifies it in errors. */
export function ttmlCues(text: string, name: string): Cue[] {
  const root = parseXml(text, name);
  const frameRate = Number(root.attributes['ttp:frameRate'] ?? 30) * frameRateMultiplier(root.attributes['ttp:frameRateMultiplier']);
  const rates: Rates = { frameRate, tickRate: Number(root.attributes['ttp:tickRate'] ?? (root.attributes['ttp:frameRate'] ? frameRate : 1)) };
  const cues: Cue[] = [];
  const walk = (element: XmlElement, offset: number): void => {
    const begin = parseTime(element.attributes.begin, rates);
    if (element.name === 'p') {
      const start = offset + (begin ?? 0);
      const end = parseTime(element.attributes.end, rates);
      const duration = parseTime(element.attributes.dur, rates);
      const stop = end !== undefined ? offset + end : duration !== undefined ? start + duration : undefined;
      const payload = textOf(element)
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
        .trim();
      if (stop !== undefined && stop > start && payload !== '') cues.push({ start, end: stop, settings: '', text: payload });
      return;
    }
    for (const child of element.children) walk(child, offset + (begin ?? 0));
  };
  walk(root, 0);
  return cues;
}

function frameRateMultiplier(text: string | undefined): number {
  const match = /^(\d+)\s+(\d+)$/.exec(text?.trim() ?? '');
  return match && Number(match[2]) > 0 ? Number(match[1]) / Number(match[2]) : 1;
}
