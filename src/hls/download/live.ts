// Recording a live or EVENT playlist (RFC 8216 6.3.4): reload after the target duration (half
// of it when nothing changed), measured from when the previous load began; hand new segments
// (by media sequence number) to the track; record the ones that left the window unseen as
// gaps; stop at EXT-X-ENDLIST or once `durationSeconds` of media are listed.
import { errorMessage } from '../../errors/trawl-error.js';
import { sleep } from '../../util/backoff.js';
import type { TypedEmitter } from '../../util/emitter.js';
import { newSegments, reloadDelayMs } from '../parser/live.js';
import type { MediaPlaylist, Segment } from '../parser/types.js';
import type { MediaSource } from './playlist-source.js';
import type { Track } from '../../stream/track.js';
import type { StreamEvent } from '../../stream/types.js';

export interface LiveOptions {
  readonly durationSeconds?: number | undefined;
  readonly events: TypedEmitter<StreamEvent>;
  /** Aborts the recording (the user, or the track failing). */
  readonly signal: AbortSignal;
  /** Reloads that may fail in a row (after the fetcher's own retries) before the recording stops. */
  readonly maxReloadFailures?: number;
}

export async function recordLive(track: Track, source: MediaSource, firstLoadAt: number, options: LiveOptions): Promise<void> {
  let playlist = source.playlist;
  let loadedAt = firstLoadAt;
  let previous: MediaPlaylist | undefined;
  let failures = 0;
  let changed = true;
  for (;;) {
    if (previous === undefined) {
      // First load, or a resumed recording: go on from where the state says.
      const next = track.nextSequence;
      const resumed = track.list.length > 0;
      const fresh = playlist.segments.filter((segment) => !resumed || segment.mediaSequence >= next);
      const first = fresh[0]?.mediaSequence ?? playlist.mediaSequence;
      if (resumed && first > next) track.addExpiredGap(next, first - 1);
      if (take(track, fresh, options.durationSeconds)) return track.finish();
    } else {
      const update = newSegments(previous, playlist);
      changed = update.changed;
      if (update.gap) track.addExpiredGap(update.gap.first, update.gap.last);
      if (take(track, update.segments, options.durationSeconds)) return track.finish();
    }
    const delay = reloadDelayMs(playlist, changed);
    if (delay === null) return track.finish();
    await sleep(Math.max(0, loadedAt + delay - Date.now()), options.signal);
    loadedAt = Date.now();
    try {
      const next = await source.reload();
      previous = playlist;
      playlist = next;
      failures = 0;
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason;
      failures++;
      if (failures > (options.maxReloadFailures ?? 5)) throw error;
      options.events.emit({ type: 'warning', message: `reloading the live playlist failed (${errorMessage(error)}); trying again` });
      changed = false;
    }
  }
}

/** Appends `segments` up to the duration limit; true when the recording is complete. */
function take(track: Track, segments: readonly Segment[], durationSeconds: number | undefined): boolean {
  if (durationSeconds === undefined) {
    track.append(segments);
    return false;
  }
  let listed = track.listedSeconds;
  const taken: Segment[] = [];
  for (const segment of segments) {
    if (listed >= durationSeconds) break;
    taken.push(segment);
    listed += segment.duration;
  }
  track.append(taken);
  return listed >= durationSeconds;
}
