// The data model of a parsed MPD (ISO/IEC 23009-1). Everything here is resolved: Period starts
// and durations worked out (5.3.2.1), BaseURLs chained from the MPD's final URL down to each
// Representation (5.6), and each Representation's segment information inherited from the
// Period and AdaptationSet levels (5.3.9.1), so that a Representation stands alone.
import type { ByteRange } from '../../hls/parser/types.js';

export type PresentationType = 'static' | 'dynamic';

export type ContentType = 'video' | 'audio' | 'text' | 'image' | 'other';

/** Where an element stood in the MPD, for messages: `Representation id="v1"` at line 12, column 5. */
export interface Place {
  readonly line: number;
  readonly column: number;
  readonly element: string;
}

/** ContentProtection (5.8.4.1): the scheme, and the DRM system it names. */
export interface Protection {
  readonly schemeIdUri: string;
  readonly value?: string | undefined;
  readonly place: Place;
}

/** One S element of a SegmentTimeline (5.3.9.6): start `t`, duration `d`, `r` repeats (-1: until the next S or the end). */
export interface TimelineEntry {
  readonly t?: number | undefined;
  readonly d: number;
  readonly r: number;
  readonly place: Place;
}

/** A URL with an optional byte range of it (Initialization, RepresentationIndex, SegmentURL). */
export interface RangedUrl {
  readonly url: string;
  readonly range?: ByteRange | undefined;
}

interface SegmentInfoCommon {
  /** Units per second of every time in this element. */
  readonly timescale: number;
  /** Media time (in `timescale`) that maps to the start of the Period. */
  readonly presentationTimeOffset: number;
  readonly place: Place;
}

/** SegmentTemplate (5.3.9.4): URLs made from templates. */
export interface TemplateAddressing extends SegmentInfoCommon {
  readonly kind: 'template';
  readonly media: string;
  readonly initialization?: string | undefined;
  /** Constant segment duration in `timescale` units (when there is no timeline). */
  readonly duration?: number | undefined;
  readonly startNumber: number;
  readonly endNumber?: number | undefined;
  readonly timeline?: readonly TimelineEntry[] | undefined;
  /** Seconds before its nominal time a segment may be fetched (live). */
  readonly availabilityTimeOffset: number;
}

/** SegmentList (5.3.9.3): one SegmentURL per segment. */
export interface ListAddressing extends SegmentInfoCommon {
  readonly kind: 'list';
  readonly initialization?: RangedUrl | undefined;
  readonly duration?: number | undefined;
  readonly startNumber: number;
  readonly timeline?: readonly TimelineEntry[] | undefined;
  readonly segments: readonly (RangedUrl & { readonly place: Place })[];
}

/** SegmentBase (5.3.9.2): one file, its segments found through its index (the sidx box). */
export interface BaseAddressing extends SegmentInfoCommon {
  readonly kind: 'base';
  /** The file: the Representation's BaseURL. */
  readonly url: string;
  readonly initialization?: RangedUrl | undefined;
  /** Where the sidx is: indexRange of the file, or a RepresentationIndex. */
  readonly index?: RangedUrl | undefined;
}

/** No segment information: the Representation's BaseURL is its one segment. */
export interface SingleAddressing {
  readonly kind: 'single';
  readonly url: string;
  readonly place: Place;
}

export type Addressing = TemplateAddressing | ListAddressing | BaseAddressing | SingleAddressing;

export interface Representation {
  readonly id: string;
  /** Bits per second. */
  readonly bandwidth: number;
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  readonly frameRate?: string | undefined;
  readonly codecs?: string | undefined;
  readonly mimeType?: string | undefined;
  /** The BaseURL chain resolved: what the Representation's relative URLs resolve against. */
  readonly baseUrl: string;
  readonly addressing: Addressing;
  /** ContentProtection of the Representation and its AdaptationSet. */
  readonly protection: readonly Protection[];
  readonly place: Place;
}

export interface AdaptationSet {
  readonly id?: string | undefined;
  readonly contentType: ContentType;
  /** RFC 5646 language tag. */
  readonly lang?: string | undefined;
  readonly mimeType?: string | undefined;
  readonly codecs?: string | undefined;
  /** Role values (urn:mpeg:dash:role:2011: main, alternate, subtitle, caption…). */
  readonly roles: readonly string[];
  /** A trick-mode (I-frame) set, never downloaded. */
  readonly trickMode: boolean;
  readonly representations: readonly Representation[];
  readonly place: Place;
}

export interface Period {
  readonly id?: string | undefined;
  /** Seconds from the presentation's start (5.3.2.1). */
  readonly start: number;
  /** Seconds; undefined while a dynamic presentation's last Period is open. */
  readonly duration?: number | undefined;
  readonly adaptationSets: readonly AdaptationSet[];
  readonly place: Place;
}

export interface Mpd {
  /** The URL the MPD was fetched from, after redirects: the root of every BaseURL. */
  readonly url: string;
  readonly type: PresentationType;
  /** Seconds. */
  readonly mediaPresentationDuration?: number | undefined;
  /** Milliseconds since the epoch (dynamic presentations). */
  readonly availabilityStartTime?: number | undefined;
  readonly publishTime?: number | undefined;
  /** Seconds between MPD updates (dynamic). */
  readonly minimumUpdatePeriod?: number | undefined;
  readonly timeShiftBufferDepth?: number | undefined;
  readonly suggestedPresentationDelay?: number | undefined;
  readonly maxSegmentDuration?: number | undefined;
  /** Location elements, resolved: where to fetch the MPD from next time. */
  readonly locations: readonly string[];
  readonly periods: readonly Period[];
}

/** A deviation from ISO/IEC 23009-1 that players accept and so does trawl (refused with `strict`). */
export interface MpdWarning {
  readonly code: string;
  readonly message: string;
  readonly place: Place;
}
