// Where a DASH track's segments come from: the MPD, fetched and parsed (warnings for tolerated
// deviations reported once each), and for SegmentBase Representations the sidx at @indexRange,
// fetched as a byte range. A track's segments are the chosen Representation's in every Period,
// end to end, as the stream layer's segments: init section, URL, byte range, duration, and an
// identity (`mediaSequence`) that stays the same when the MPD is fetched again — the position
// for a static MPD, the start time in milliseconds for a dynamic one.
import type { Fetcher } from '../../http/index.js';
import { fetchResource } from '../../stream/resource-fetch.js';
import type { SegmentSource } from '../../stream/segment-job.js';
import type { StreamEvent, StreamSegment } from '../../stream/types.js';
import type { TypedEmitter } from '../../util/emitter.js';
import { parseMpd } from '../parser/parse-mpd.js';
import { segmentsFromIndex, segmentsOf, type DashSegment } from '../parser/segments.js';
import { selectTracks, type SelectedTrack, type TrackSpecs } from '../parser/select.js';
import type { Mpd, RangedUrl } from '../parser/types.js';

export interface MpdLoadOptions {
  readonly strict: boolean;
  readonly events: TypedEmitter<StreamEvent>;
  readonly signal?: AbortSignal | undefined;
  readonly retries: number;
  /** Codes already warned about in this download: each deviation is reported once. */
  readonly warned: Set<string>;
}

/** Parses MPD text fetched from `finalUrl`, reporting each tolerated deviation once. */
export function parseWithWarnings(text: string, finalUrl: string, options: MpdLoadOptions): Mpd {
  return parseMpd(text, finalUrl, {
    strict: options.strict,
    onWarning: (warning) => {
      if (options.warned.has(warning.code)) return;
      options.warned.add(warning.code);
      options.events.emit({
        type: 'warning',
        message: `${finalUrl} line ${warning.place.line}: ${warning.message} — accepted, as players do (--strict refuses it)`,
      });
    },
  });
}

export async function loadMpd(fetcher: Fetcher, url: string, options: MpdLoadOptions): Promise<Mpd> {
  const result = await fetcher.fetch({ url, ...(options.signal ? { signal: options.signal } : {}) });
  return parseWithWarnings(result.body.toString('utf8'), result.url, options);
}

/** The bytes of `ranged` and the size of the whole file, when the server says (Content-Range). */
async function fetchIndex(fetcher: Fetcher, ranged: RangedUrl, options: MpdLoadOptions): Promise<{ bytes: Buffer; fileSize: number | undefined }> {
  let fileSize: number | undefined;
  const received = await fetchResource(fetcher, ranged.url, ranged.range, {
    signal: options.signal,
    retries: options.retries,
    onResponse: (headers) => {
      const total = /\/(\d+)\s*$/.exec(headers['content-range'] ?? '');
      fileSize = total ? Number(total[1]) : undefined;
    },
  });
  return { bytes: Buffer.concat(received.parts), fileSize };
}

/**
 * The track's segments in every Period it has a Representation in, as stream segments; with
 * `byTime`, each is identified by its start time in milliseconds (a live recording, whose MPD
 * lists a moving window) instead of its position.
 */
export async function trackSegments(fetcher: Fetcher, mpd: Mpd, track: SelectedTrack, options: MpdLoadOptions, byTime: boolean, now?: number): Promise<StreamSegment[]> {
  const out: StreamSegment[] = [];
  for (const pick of track.picks) {
    let listed;
    if (pick.representation.addressing.kind === 'base') {
      const index = pick.representation.addressing.index!;
      const { bytes, fileSize } = await fetchIndex(fetcher, index, options);
      listed = segmentsFromIndex(mpd, pick.period, pick.representation, bytes, fileSize);
    } else {
      listed = segmentsOf(mpd, pick.period, pick.representation, now === undefined ? {} : { now });
    }
    const map = listed.init ? { uri: listed.init.url, byteRange: listed.init.range } : undefined;
    const addressing = pick.representation.addressing;
    const pto = addressing.kind === 'single' ? 0 : addressing.presentationTimeOffset / addressing.timescale;
    const mediaOffset = pick.period.start - pto - (mpd.periods[0]?.start ?? 0);
    for (const segment of listed.segments) {
      out.push(toStreamSegment(segment, map, byTime ? Math.round(segment.start * 1000) : out.length, mediaOffset));
    }
  }
  return out;
}

/** A DASH segment as the stream layer takes it, with what its subtitles need to be timed. */
export interface DashStreamSegment extends StreamSegment {
  /** Presentation time of its start, seconds. */
  readonly start: number;
  /** Seconds to add to a media time in this segment's Period to place it on the download's timeline. */
  readonly mediaOffset: number;
}

function toStreamSegment(segment: DashSegment, map: StreamSegment['map'], mediaSequence: number, mediaOffset: number): DashStreamSegment {
  return { uri: segment.uri, byteRange: segment.byteRange, duration: segment.duration, mediaSequence, map, start: segment.start, mediaOffset };
}

/**
 * One track's MPD, kept current: a refresh after a 403 (expired token) fetches the MPD again
 * (its Location, when it gave one) once however many segments ask, and lists the same track's
 * segments from it; a live recording reloads it the same way.
 */
export class MpdTrackSource implements SegmentSource {
  #mpd: Mpd;
  #generation = 0;
  #refreshing: Promise<readonly StreamSegment[]> | undefined;
  #segments: readonly StreamSegment[] = [];

  constructor(
    private readonly fetcher: Fetcher,
    mpd: Mpd,
    private readonly kind: SelectedTrack['kind'],
    private readonly specs: TrackSpecs,
    private readonly options: MpdLoadOptions,
    /** Identify segments by start time (live recording) rather than position. */
    private readonly byTime: boolean,
  ) {
    this.#mpd = mpd;
  }

  get url(): string {
    return this.#mpd.url;
  }

  get mpd(): Mpd {
    return this.#mpd;
  }

  get generation(): number {
    return this.#generation;
  }

  /** The segments listed by the MPD as last loaded (at `now`, for a dynamic one). */
  async list(now?: number): Promise<readonly StreamSegment[]> {
    const track = this.track(this.#mpd);
    this.#segments = track ? await trackSegments(this.fetcher, this.#mpd, track, this.options, this.byTime, now) : [];
    return this.#segments;
  }

  track(mpd: Mpd): SelectedTrack | undefined {
    return selectTracks(mpd, this.specs).find((candidate) => candidate.kind === this.kind);
  }

  refresh(seen: number): Promise<readonly StreamSegment[]> {
    if (this.#generation > seen) return Promise.resolve(this.#segments);
    this.#refreshing ??= this.reload()
      .then(() => this.list())
      .finally(() => {
        this.#refreshing = undefined;
      });
    return this.#refreshing;
  }

  /** Fetches the MPD again (from its Location, when it named one). */
  async reload(): Promise<Mpd> {
    this.#mpd = await loadMpd(this.fetcher, this.#mpd.locations[0] ?? this.#mpd.url, this.options);
    this.#generation++;
    return this.#mpd;
  }
}
