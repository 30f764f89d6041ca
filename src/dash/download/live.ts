// Recording a dynamic MPD (ISO/IEC 23009-1 5.4): segments exist once the wall clock has passed
// their end (availabilityStartTime + Period start + their end); the MPD is fetched again every
// @minimumUpdatePeriod (SegmentTimeline windows, new Periods), or, when it has none, the next
// segments are worked out from the clock alone. The recording starts at the live edge (the
// newest few segments) or, resumed, where the state says; segments are told apart by their
// start time, so a reload that lists them again adds nothing. It stops when the MPD turns
// static, the presentation's end is reached, or `durationSeconds` of media are listed.
import { errorMessage } from '../../errors/trawl-error.js';
import type { Track } from '../../stream/track.js';
import type { StreamEvent, StreamSegment } from '../../stream/types.js';
import { sleep } from '../../util/backoff.js';
import type { TypedEmitter } from '../../util/emitter.js';
import type { MpdTrackSource } from './mpd-source.js';

export interface DashLiveOptions {
  readonly durationSeconds?: number | undefined;
  readonly events: TypedEmitter<StreamEvent>;
  readonly signal: AbortSignal;
  /** The segments listed when the download began (the MPD is not fetched again for them). */
  readonly first: readonly StreamSegment[];
  /** Reloads that may fail in a row before the recording stops. @default 5 */
  readonly maxReloadFailures?: number;
}

/** Segments a fresh recording starts with: the newest few, as a player's live edge holds back. */
export const LIVE_START_SEGMENTS = 3;

export async function recordDashLive(track: Track, source: MpdTrackSource, options: DashLiveOptions): Promise<void> {
  let listed = options.first;
  let last: number;
  const resumed = track.list.length > 0;
  if (resumed) {
    const next = track.nextSequence;
    const first = listed.find((segment) => segment.mediaSequence >= next);
    if (first && first.mediaSequence > next) track.addExpiredGap(next, first.mediaSequence - 1);
    last = next - 1;
  } else {
    last = (listed.at(-LIVE_START_SEGMENTS - 1)?.mediaSequence ?? Number.NEGATIVE_INFINITY);
  }
  let failures = 0;
  for (;;) {
    const fresh = listed.filter((segment) => segment.mediaSequence > last);
    if (take(track, fresh, options.durationSeconds)) return track.finish();
    if (fresh.length > 0) last = fresh.at(-1)!.mediaSequence;
    const mpd = source.mpd;
    const newest = track.list.last();
    const ended = mpd.type === 'static' || (mpd.mediaPresentationDuration !== undefined && newest !== undefined && endOf(newest) >= mpd.mediaPresentationDuration - 0.001);
    if (ended) return track.finish();
    const segmentSeconds = track.list.last()?.duration ?? mpd.maxSegmentDuration ?? 2;
    const wait = Math.min(10, Math.max(0.5, mpd.minimumUpdatePeriod ?? segmentSeconds));
    await sleep(wait * 1000, options.signal);
    try {
      // Without @minimumUpdatePeriod the MPD does not change: the clock alone says what is new.
      if (mpd.minimumUpdatePeriod !== undefined) await source.reload();
      listed = await source.list(Date.now());
      failures = 0;
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      failures++;
      if (failures > (options.maxReloadFailures ?? 5)) throw error;
      options.events.emit({ type: 'warning', message: `reloading the live MPD failed (${errorMessage(error)}); trying again` });
      listed = [];
    }
  }
}

/** Where a segment ends on the presentation timeline, in seconds. */
function endOf(segment: StreamSegment): number {
  return ((segment as StreamSegment & { start?: number }).start ?? 0) + segment.duration;
}

/** Appends `segments` up to the duration limit; true when the recording is complete. */
function take(track: Track, segments: readonly StreamSegment[], durationSeconds: number | undefined): boolean {
  if (durationSeconds === undefined) {
    track.append(segments);
    return false;
  }
  let seconds = track.listedSeconds;
  const taken: StreamSegment[] = [];
  for (const segment of segments) {
    if (seconds >= durationSeconds) break;
    taken.push(segment);
    seconds += segment.duration;
  }
  track.append(taken);
  return seconds >= durationSeconds;
}
