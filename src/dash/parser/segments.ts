// The segments of one Representation in one Period (ISO/IEC 23009-1 5.3.9), pure:
//
//   SegmentTemplate + @duration      ceil(Period duration × timescale / @duration) segments
//                                    numbered from @startNumber (live: those available now)
//   SegmentTemplate/List + Timeline  each S: t (or the previous end), d, r repeats; r = -1 repeats
//                                    up to the next S@t, or to the Period's end — in media time,
//                                    @presentationTimeOffset + Period duration × timescale, as
//                                    dash.js and Shaka compute it (live: up to now)
//   SegmentList                      one SegmentURL per segment (@media, @mediaRange)
//   SegmentBase                      the sidx at @indexRange lists them (sidx.ts; the bytes are fetched by the caller)
//   none                             the BaseURL is the one segment
//
// Every segment gets its URL, byte range, $Number$, $Time$, duration and presentation start
// (Period start + (time − presentationTimeOffset) / timescale).
import type { ByteRange } from '../../hls/parser/types.js';
import { ManifestError } from '../../errors/manifest-error.js';
import { SidxError, indexedSegments, parseSidx } from './sidx.js';
import { compileTemplate, fillTemplate, type CompiledTemplate } from './template.js';
import type { BaseAddressing, Mpd, Period, Place, RangedUrl, Representation, TimelineEntry } from './types.js';

export interface DashSegment {
  readonly uri: string;
  readonly byteRange?: ByteRange | undefined;
  /** Seconds. */
  readonly duration: number;
  /** $Number$. */
  readonly number: number;
  /** $Time$: media time in the Representation's timescale. */
  readonly time: number;
  /** Presentation time of its start, in seconds from the start of the presentation. */
  readonly start: number;
}

export interface RepresentationSegments {
  readonly init?: RangedUrl | undefined;
  readonly segments: readonly DashSegment[];
}

export interface SegmentsOptions {
  /** The wall clock, milliseconds since the epoch: which segments of a dynamic MPD exist yet. @default Date.now() */
  readonly now?: number;
}

// Rounding slack, in seconds, for durations that should divide evenly but are written with
// fewer digits than the timescale (a 10.000 s Period of 2.0 s segments at timescale 90000).
const EPSILON = 1e-6;

/** The segments of `representation` in `period`; SegmentBase needs its index first (segmentsFromIndex). */
export function segmentsOf(mpd: Mpd, period: Period, representation: Representation, options: SegmentsOptions = {}): RepresentationSegments {
  const addressing = representation.addressing;
  switch (addressing.kind) {
    case 'single':
      return { segments: [{ uri: addressing.url, duration: period.duration ?? 0, number: 1, time: 0, start: period.start }] };
    case 'base':
      throw new Error('segmentsOf: a SegmentBase Representation needs its index; use segmentsFromIndex');
    case 'template':
    case 'list':
      break;
  }
  const fail = (place: Place, reason: string): never => {
    throw new ManifestError(mpd.url, place.line, place.column, place.element, reason);
  };
  const { timescale, presentationTimeOffset: pto } = addressing;
  // Where the Period ends, in media time: segments at or past it are not part of it.
  const liveEdge = mpd.type === 'dynamic' ? liveEdgeSeconds(mpd, period, options.now ?? Date.now(), addressing.kind === 'template' ? addressing.availabilityTimeOffset : 0) : undefined;
  const periodEnd = period.duration !== undefined ? pto + period.duration * timescale : undefined;
  let times: { time: number; d: number }[];
  if (addressing.timeline) {
    times = expandTimeline(addressing.timeline, periodEnd ?? (liveEdge !== undefined ? pto + liveEdge * timescale : undefined), fail);
  } else if (addressing.kind === 'template' || addressing.duration !== undefined) {
    const d = addressing.duration!;
    let first = 0;
    let count: number;
    if (liveEdge !== undefined) {
      // Live: segment k exists once it has ended (k + 1) × d after the Period's start.
      count = Math.max(0, Math.floor((liveEdge * timescale) / d + EPSILON));
      if (mpd.timeShiftBufferDepth !== undefined) first = Math.max(0, Math.floor(((liveEdge - mpd.timeShiftBufferDepth) * timescale) / d));
      if (period.duration !== undefined) count = Math.min(count, Math.ceil((period.duration * timescale) / d - EPSILON));
    } else {
      count = Math.ceil((period.duration! * timescale) / d - EPSILON);
    }
    if (addressing.kind === 'template' && addressing.endNumber !== undefined) count = Math.min(count, addressing.endNumber - addressing.startNumber + 1);
    times = [];
    for (let k = first; k < count; k++) times.push({ time: pto + k * d, d });
  } else {
    // A SegmentList with one SegmentURL and no timing: it is the whole Period.
    times = [{ time: pto, d: Math.round((period.duration ?? 0) * timescale) }];
  }
  // Segments wholly before the Period's start belong to no Period; the last is cut at its end.
  const startIndex = times.findIndex((entry) => entry.time + entry.d > pto);
  const kept = startIndex < 0 ? [] : times.slice(startIndex).filter((entry) => periodEnd === undefined || entry.time < periodEnd - EPSILON * timescale);
  const offset = startIndex < 0 ? 0 : startIndex;
  const firstNumber = addressing.startNumber + (addressing.timeline ? offset : 0);
  if (addressing.kind === 'list') {
    return {
      init: addressing.initialization,
      segments: kept.slice(0, addressing.segments.length - offset).map((entry, index) => {
        const url = addressing.segments[offset + index]!;
        return segment(url.url, url.range, entry, index + firstNumber, timescale, pto, period, periodEnd);
      }),
    };
  }
  const media = compiled(addressing.media);
  const values = { RepresentationID: representation.id, Bandwidth: representation.bandwidth };
  const init = addressing.initialization === undefined ? undefined : { url: new URL(fillTemplate(compiled(addressing.initialization), values), representation.baseUrl).href };
  // With @duration the first number is startNumber + the index of the segment in the Period.
  const numberOf = (entry: { time: number }, index: number): number =>
    addressing.timeline ? firstNumber + index : addressing.startNumber + Math.round((entry.time - pto) / addressing.duration!);
  return {
    init,
    segments: kept.map((entry, index) => {
      const number = numberOf(entry, index);
      const uri = new URL(fillTemplate(media, { ...values, Number: number, Time: entry.time }), representation.baseUrl).href;
      return segment(uri, undefined, entry, number, timescale, pto, period, periodEnd);
    }),
  };
}

function segment(uri: string, byteRange: ByteRange | undefined, entry: { time: number; d: number }, number: number, timescale: number, pto: number, period: Period, periodEnd: number | undefined): DashSegment {
  const end = periodEnd === undefined ? entry.time + entry.d : Math.min(entry.time + entry.d, periodEnd);
  return { uri, byteRange, duration: (end - entry.time) / timescale, number, time: entry.time, start: period.start + (entry.time - pto) / timescale };
}

function compiled(source: string): CompiledTemplate {
  const template = compileTemplate(source);
  // Checked when the MPD was parsed (segment-info.ts).
  if ('error' in template) throw new Error(template.error);
  return template;
}

/**
 * 5.3.9.6: the S elements as (time, duration) pairs. `end` is where an r = -1 on the last S
 * stops, in media time (the Period's end, or the live edge); undefined when neither is known.
 */
export function expandTimeline(entries: readonly TimelineEntry[], end: number | undefined, fail: (place: Place, reason: string) => never): { time: number; d: number }[] {
  const out: { time: number; d: number }[] = [];
  let time = 0;
  entries.forEach((entry, index) => {
    const start = entry.t ?? time;
    let count = entry.r + 1;
    if (entry.r === -1) {
      const next = entries[index + 1];
      if (next) {
        if (next.t === undefined) fail(entry.place, 'r="-1" needs the next S element to have @t, to know where the repeats stop');
        count = Math.ceil((next.t - start) / entry.d - EPSILON);
      } else {
        if (end === undefined) fail(entry.place, 'r="-1" on the last S element, but the Period has no known end');
        count = Math.max(0, Math.ceil((end - start) / entry.d - EPSILON));
      }
    }
    for (let k = 0; k < count; k++) out.push({ time: start + k * entry.d, d: entry.d });
    time = start + count * entry.d;
  });
  return out;
}

/** Seconds of the Period that have been published by `now` (a dynamic MPD), from its start. */
export function liveEdgeSeconds(mpd: Mpd, period: Period, now: number, availabilityTimeOffset: number): number {
  if (mpd.availabilityStartTime === undefined) {
    throw new ManifestError(mpd.url, 1, 0, '<MPD>', 'a dynamic MPD needs @availabilityStartTime to know which segments exist');
  }
  return (now - mpd.availabilityStartTime) / 1000 - period.start + availabilityTimeOffset;
}

/** The byte ranges to fetch before a SegmentBase Representation's segments are known. */
export function indexOf(representation: Representation): { readonly addressing: BaseAddressing; readonly index: RangedUrl } {
  const addressing = representation.addressing;
  if (addressing.kind !== 'base' || !addressing.index) throw new Error('indexOf: not a SegmentBase Representation with an index');
  return { addressing, index: addressing.index };
}

/**
 * The segments of a SegmentBase Representation from the bytes of its index (fetched from
 * `index.url` at `index.range`); `fileSize` (when the server said) checks the sidx against
 * the file. A sidx that does not match is a ManifestError naming the SegmentBase element.
 */
export function segmentsFromIndex(mpd: Mpd, period: Period, representation: Representation, indexBytes: Uint8Array, fileSize: number | undefined): RepresentationSegments {
  const { addressing, index } = indexOf(representation);
  const place = addressing.place;
  const fail = (reason: string): never => {
    throw new ManifestError(mpd.url, place.line, place.column, place.element, `${reason} (${index.url}${index.range ? ` bytes ${index.range.offset}-${index.range.offset + index.range.length - 1}` : ''})`);
  };
  let listed;
  try {
    const sidx = parseSidx(indexBytes);
    // In the media file, offsets count from the first byte after the sidx box; an index in a
    // file of its own (RepresentationIndex) counts from the start of the media file.
    const rangeBase = index.url === addressing.url ? (index.range?.offset ?? 0) : -sidx.end;
    listed = indexedSegments(sidx, rangeBase).map((entry) => ({ ...entry, timescale: sidx.timescale }));
  } catch (error) {
    if (error instanceof SidxError) return fail(error.message);
    throw error;
  }
  if (listed.length === 0) fail('the sidx lists no segment');
  const last = listed.at(-1)!;
  if (fileSize !== undefined && last.offset + last.length > fileSize) {
    fail(`the sidx places media up to byte ${last.offset + last.length}, past the end of the ${fileSize}-byte file`);
  }
  const init = addressing.initialization ?? (index.url === addressing.url && index.range ? { url: addressing.url, range: { offset: 0, length: index.range.offset } } : undefined);
  const pto = addressing.presentationTimeOffset / addressing.timescale;
  return {
    init,
    segments: listed.map((entry, number) => ({
      uri: addressing.url,
      byteRange: { offset: entry.offset, length: entry.length },
      duration: entry.duration / entry.timescale,
      number: number + 1,
      time: entry.time,
      start: period.start + entry.time / entry.timescale - pto,
    })),
  };
}
