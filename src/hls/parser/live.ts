// Pure helpers for following a live media playlist (RFC 8216 6.3.4, 6.3.5): how long to wait
// before reloading, and which segments of a reload are new. The downloader owns the clock and
// the fetching; these only do the arithmetic, so they can be tested without waiting.
import type { MediaPlaylist, Segment } from './types.js';

/**
 * Milliseconds to wait before reloading `playlist`, measured from when its load began, or
 * null when it must not be reloaded (EXT-X-ENDLIST, or PLAYLIST-TYPE VOD: it cannot change).
 * `changed`: the reload found new content, or this is the first load (wait the target
 * duration); false: nothing changed (wait half of it).
 */
export function reloadDelayMs(playlist: MediaPlaylist, changed: boolean): number | null {
  if (playlist.endList || playlist.playlistType === 'VOD') return null;
  const targetMs = playlist.targetDuration * 1000;
  return changed ? targetMs : targetMs / 2;
}

/** Media sequence numbers `first`..`last` inclusive. */
export interface SequenceRange {
  readonly first: number;
  readonly last: number;
}

export interface SegmentUpdate {
  /** Segments of `next` not seen in `previous`, in order. */
  readonly segments: readonly Segment[];
  /** Segments that left the live window before any reload listed them: lost to this download. */
  readonly gap?: SequenceRange | undefined;
  /** True when `next` lists a segment `previous` did not (the reload changed). */
  readonly changed: boolean;
}

/**
 * What a reload brought: segments are the same when their media sequence numbers are (6.3.5),
 * so anything numbered above the last one already seen is new, and numbers between that one
 * and the first one now listed expired before they could be seen.
 */
export function newSegments(previous: MediaPlaylist | undefined, next: MediaPlaylist): SegmentUpdate {
  const lastSeen = previous?.segments.at(-1)?.mediaSequence ?? (previous ? previous.mediaSequence - 1 : undefined);
  if (lastSeen === undefined) return { segments: next.segments, changed: next.segments.length > 0 };
  const segments = next.segments.filter((segment) => segment.mediaSequence > lastSeen);
  // With nothing new listed, the window may still have moved past segments never seen.
  const first = segments[0]?.mediaSequence ?? (next.mediaSequence > lastSeen + 1 ? next.mediaSequence : undefined);
  const gap = first !== undefined && first > lastSeen + 1 ? { first: lastSeen + 1, last: first - 1 } : undefined;
  const changed = segments.length > 0 || next.endList !== previous?.endList;
  return { segments, gap, changed };
}
