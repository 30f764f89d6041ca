// What the stream downloaders (HLS and DASH) report: their events (the library never prints;
// cli/ renders these), the gap records of segments they could not get, the result of a finished
// download, and the one segment shape both manifests are turned into.
import type { ByteRange, KeyInfo } from '../hls/parser/types.js';

/** An init section (EXT-X-MAP, DASH Initialization): written before the segments it applies to. */
export interface InitRef {
  readonly uri: string;
  /** Undefined when the whole resource is the init section. */
  readonly byteRange?: ByteRange | undefined;
  /** AES-128 key the init section is encrypted with (HLS). */
  readonly key?: KeyInfo | undefined;
}

/**
 * One media segment, from either manifest. HLS segments are this shape already; DASH segments
 * are computed into it. `mediaSequence` identifies the segment within its track: the HLS media
 * sequence number, or a DASH segment's position (static) or start time in ms (dynamic).
 */
export interface StreamSegment {
  readonly uri: string;
  /** Seconds. */
  readonly duration: number;
  readonly mediaSequence: number;
  readonly byteRange?: ByteRange | undefined;
  readonly map?: InitRef | undefined;
  readonly key?: KeyInfo | undefined;
}

/** Which stream of the presentation a track is: the variant itself or a rendition beside it. */
export type TrackKind = 'main' | 'audio' | 'subtitles';

/** A piece of the stream missing from the output, with why and where (seconds from the start). */
export interface GapRecord {
  readonly track: TrackKind;
  /** First and last media sequence number missing (equal for one segment). */
  readonly firstSequence: number;
  readonly lastSequence: number;
  /** 1-based position in the playlist, for a segment that was listed (absent for expired ones). */
  readonly segment?: number | undefined;
  /** The segment's URL, when it was listed. */
  readonly url?: string | undefined;
  readonly reason: string;
  /** Where the gap falls in the recorded media, in seconds of EXTINF time. */
  readonly startSeconds: number;
  /** Seconds missing; 0 when unknown (segments that expired unseen have no EXTINF). */
  readonly durationSeconds: number;
}

export interface StreamProgress {
  readonly track: TrackKind;
  readonly output: string;
  /** Segments written (or recorded as gaps) so far, resumed ones included. */
  readonly segmentsDone: number;
  /** Segments listed so far; grows while a live playlist is recorded. */
  readonly segmentsTotal: number;
  /** False while more segments may still be listed (live recording). */
  readonly totalKnown: boolean;
  /** Bytes in the output file, resumed ones included. */
  readonly bytesWritten: number;
  /** Bytes fetched over the network by this run. */
  readonly bytesFetched: number;
  /** Segments the run skipped because an earlier run had written them. */
  readonly segmentsResumed: number;
  readonly bytesResumed: number;
  readonly startedAt: number;
}

export type StreamEvent =
  | { readonly type: 'note'; readonly message: string }
  | { readonly type: 'warning'; readonly message: string }
  | {
      readonly type: 'track-start';
      readonly track: TrackKind;
      readonly output: string;
      readonly segments: number;
      readonly live: boolean;
      /** Set when an earlier run's state was picked up. */
      readonly resumed?: { readonly segments: number; readonly bytes: number } | undefined;
    }
  | { readonly type: 'progress'; readonly progress: StreamProgress }
  | { readonly type: 'gap'; readonly gap: GapRecord }
  | { readonly type: 'retry'; readonly url: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'refresh'; readonly url: string; readonly reason: string }
  | { readonly type: 'remux'; readonly from: string; readonly to: string };

export interface TrackResult {
  readonly kind: TrackKind;
  /** Where the track's bytes ended up: its own file, the muxed output, or `-` (stdout). */
  readonly output: string;
  /** The track's language (or name), when it has one. */
  readonly label?: string | undefined;
  /** Segments written by this run and earlier ones together. */
  readonly segments: number;
  readonly bytes: number;
  /** Summed durations (EXTINF, or the MPD's) of the segments written. */
  readonly extinfSeconds: number;
  readonly bytesFetched: number;
  readonly gaps: readonly GapRecord[];
  readonly resumedSegments: number;
}

export interface StreamResult {
  readonly format: 'hls' | 'dash';
  /** The file the stream ended up in (the .mp4 after a remux, else the byte stream; `-` for stdout). */
  readonly output: string;
  /** Every file written: `output`, and the tracks written beside it when they were not muxed. */
  readonly outputs: readonly string[];
  /** The URL asked for (master playlist or MPD). */
  readonly playlistUrl: string;
  /** The media playlist (HLS) or the MPD (DASH, final URL) the main track was downloaded from. */
  readonly mediaUrl: string;
  readonly tracks: readonly TrackResult[];
  readonly segments: number;
  readonly bytes: number;
  readonly bytesFetched: number;
  readonly seconds: number;
  readonly extinfSeconds: number;
  /** Duration of `output` as its own timestamps say, when it could be read. */
  readonly probedSeconds?: number | undefined;
  /**
   * How `probedSeconds` was found: from the MPEG-TS timestamps (a .ts output, read in-process),
   * or by ffprobe (any other output); or why it was not.
   */
  readonly probe: 'timestamps' | 'ffprobe' | 'skipped' | 'ffprobe-missing' | 'failed';
  /** The ffmpeg step for an .mp4/.mkv output: one track remuxed, or several muxed into one file. */
  readonly remux: 'not-needed' | 'done' | 'ffmpeg-missing' | 'failed';
  /** ffmpeg's complaint when the remux failed. */
  readonly remuxError?: string | undefined;
  readonly gaps: readonly GapRecord[];
  /** `<output>.gaps.json`, written when there were gaps. */
  readonly gapReport?: string | undefined;
  readonly live: boolean;
}
