// WebVTT (W3C WebVTT, 2019 CR) as far as joining segments needs it: a file's header (and the
// HLS X-TIMESTAMP-MAP in it, RFC 8216 3.5), its cues (identifier, timings, settings, payload)
// and its STYLE / REGION blocks, read leniently (what browsers skip, this skips too), and cues
// written back. Pure. Hand-written: the npm WebVTT parsers either build DOM cues for a browser
// or drop the header lines that carry X-TIMESTAMP-MAP.

export interface Cue {
  readonly id?: string | undefined;
  /** Seconds. */
  readonly start: number;
  readonly end: number;
  /** Cue settings as written (`align:start line:90%`), or ''. */
  readonly settings: string;
  readonly text: string;
}

/** X-TIMESTAMP-MAP=MPEGTS:<90 kHz>,LOCAL:<cue time>: the cue time LOCAL is MPEG-2 time MPEGTS. */
export interface TimestampMap {
  readonly mpegts: number;
  readonly local: number;
}

export interface VttDocument {
  readonly timestampMap?: TimestampMap | undefined;
  /** trawl's own header line in a track's part file: seconds to add to every cue (DASH). */
  readonly offset?: number | undefined;
  /** STYLE and REGION blocks, as written. */
  readonly blocks: readonly string[];
  readonly cues: readonly Cue[];
}

/** The header line trawl writes into a subtitle part for a segment whose cues need `seconds` added. */
export const OFFSET_HEADER = 'X-TRAWL-OFFSET';

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(.*)$/;

/** `[hh:]mm:ss.ttt` → seconds (a comma is accepted as SRT writes it). */
export function parseTimestamp(text: string): number | undefined {
  const match = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const [, h, m, s, frac] = match;
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number((frac ?? '0').padEnd(3, '0')) / 1000;
}

/** Seconds → `hh:mm:ss.ttt` (or `hh:mm:ss,ttt` for SRT). */
export function formatTimestamp(seconds: number, separator = '.'): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/**
 * Splits text holding one or more WebVTT files end to end (a subtitle track's part: one file
 * per segment) into documents. A line `WEBVTT` (after a blank line, or at the start) opens the
 * next one.
 */
export function splitDocuments(text: string): VttDocument[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
  const documents: VttDocument[] = [];
  let start = 0;
  for (let index = 1; index <= lines.length; index++) {
    const opens = index < lines.length && /^WEBVTT(?:[ \t].*)?$/.test(lines[index]!) && lines[index - 1]!.trim() === '';
    if (opens || index === lines.length) {
      documents.push(parseLines(lines.slice(start, index)));
      start = index;
    }
  }
  return documents.filter((document) => document.cues.length > 0 || document.blocks.length > 0 || document.timestampMap !== undefined);
}

/** One WebVTT file. Text without the WEBVTT signature is read as cue blocks all the same. */
export function parseVtt(text: string): VttDocument {
  return parseLines(text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/));
}

function parseLines(lines: readonly string[]): VttDocument {
  let timestampMap: TimestampMap | undefined;
  let offset: number | undefined;
  const blocks: string[] = [];
  const cues: Cue[] = [];
  let index = 0;
  if (/^WEBVTT(?:[ \t].*)?$/.test(lines[0] ?? '')) {
    // The header block: the signature line and anything up to the first blank line.
    for (index = 1; index < lines.length && lines[index]!.trim() !== ''; index++) {
      const line = lines[index]!;
      if (line.startsWith('X-TIMESTAMP-MAP=')) timestampMap = parseTimestampMap(line.slice('X-TIMESTAMP-MAP='.length)) ?? timestampMap;
      if (line.startsWith(`${OFFSET_HEADER}:`)) offset = Number(line.slice(OFFSET_HEADER.length + 1)) || 0;
    }
  }
  while (index < lines.length) {
    while (index < lines.length && lines[index]!.trim() === '') index++;
    const block: string[] = [];
    while (index < lines.length && lines[index]!.trim() !== '') block.push(lines[index++]!);
    if (block.length === 0) break;
    const first = block[0]!;
    if (/^(STYLE|REGION)(?:[ \t]|$)/.test(first) && !block.some((line) => line.includes('-->'))) {
      blocks.push(block.join('\n'));
      continue;
    }
    if (/^NOTE(?:[ \t]|$)/.test(first)) continue;
    const timingAt = TIMING.test(first) ? 0 : block.length > 1 && TIMING.test(block[1]!) ? 1 : -1;
    if (timingAt < 0) continue; // not a cue: skipped, as WebVTT parsers do
    const match = TIMING.exec(block[timingAt]!)!;
    const start = parseTimestamp(match[1]!);
    const end = parseTimestamp(match[2]!);
    if (start === undefined || end === undefined) continue;
    cues.push({
      id: timingAt === 1 ? first : undefined,
      start,
      end,
      settings: match[3]!.trim(),
      text: block.slice(timingAt + 1).join('\n'),
    });
  }
  return { timestampMap, offset, blocks, cues };
}

function parseTimestampMap(value: string): TimestampMap | undefined {
  let mpegts: number | undefined;
  let local: number | undefined;
  for (const part of value.split(',')) {
    const [name, raw] = part.split(/:(.*)/s).map((piece) => piece?.trim() ?? '');
    if (name === 'MPEGTS' && /^\d+$/.test(raw ?? '')) mpegts = Number(raw);
    if (name === 'LOCAL') local = parseTimestamp(raw ?? '');
  }
  return mpegts === undefined ? undefined : { mpegts, local: local ?? 0 };
}

/** A complete WebVTT file: the header, the STYLE/REGION blocks, then the cues. */
export function serializeVtt(blocks: readonly string[], cues: readonly Cue[]): string {
  const out = ['WEBVTT', ''];
  for (const block of blocks) out.push(block, '');
  for (const cue of cues) {
    if (cue.id) out.push(cue.id);
    out.push(`${formatTimestamp(cue.start)} --> ${formatTimestamp(cue.end)}${cue.settings ? ` ${cue.settings}` : ''}`, cue.text, '');
  }
  return `${out.join('\n')}\n`;
}

/** A segment's bytes as a part file stores them: ending with a blank line, so the next segment's WEBVTT line opens a new document. */
export function terminateDocument(bytes: Buffer): Buffer {
  const text = bytes.toString('utf8');
  return /\n[ \t]*\n$/.test(text) ? bytes : Buffer.from(`${text.replace(/\s*$/, '')}\n\n`, 'utf8');
}

/** A document as a part file stores it, with trawl's offset header. */
export function documentWithOffset(offset: number, blocks: readonly string[], cues: readonly Cue[]): Buffer {
  const text = serializeVtt(blocks, cues).replace(/^WEBVTT\n/, `WEBVTT\n${OFFSET_HEADER}:${offset}\n`);
  return Buffer.from(`${text}\n`, 'utf8');
}
