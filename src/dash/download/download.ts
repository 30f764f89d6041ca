// downloadDash: the DASH front end of the stream downloader. Loads the MPD, chooses the tracks
// (video by --variant, audio and text by language), refuses ContentProtection before anything
// is fetched, lists every track's segments across the Periods (fetching the sidx of SegmentBase
// Representations), and hands the tracks to the shared machinery (src/stream/run.ts).
//
//   loadMpd ─▶ selectTracks ─▶ assertClear ─▶ MpdTrackSource.list() per track ─▶ downloadPresentation
import { OptionError } from '../../errors/option-error.js';
import type { Fetcher } from '../../http/index.js';
import { defaultOutputName } from '../../hls/download/naming.js';
import { resolveStreamOptions, type ResolvedStreamOptions, type StreamDownloadOptions } from '../../stream/options.js';
import type { TrackSpec } from '../../stream/plan.js';
import { downloadPresentation, withStreamFetcher, type Presentation, type TrackPlan } from '../../stream/run.js';
import type { StreamResult } from '../../stream/types.js';
import { assertClear } from '../parser/protection.js';
import { selectTracks, type SelectedTrack } from '../parser/select.js';
import type { Mpd, Representation } from '../parser/types.js';
import { recordDashLive } from './live.js';
import { loadMpd, MpdTrackSource, type MpdLoadOptions } from './mpd-source.js';
import { textFormatOf, textTransform } from './text-track.js';

export type DashDownloadOptions = StreamDownloadOptions;

/**
 * Downloads the DASH presentation at `options.url`: one file per track (or muxed into an
 * .mp4/.mkv), each the initialization then every media segment in order, byte for byte.
 * Resolves with what was written; rejects with a TrawlError naming what failed (a segment,
 * the MPD line and element, an option).
 */
export async function downloadDash(input: DashDownloadOptions): Promise<StreamResult> {
  const options = resolveStreamOptions(input, 'downloadDash');
  const startedAt = Date.now();
  return withStreamFetcher(options, async (fetcher) => {
    const loadOptions = mpdLoadOptions(options);
    const mpd = await loadMpd(fetcher, options.url, loadOptions);
    return downloadPresentation(options, fetcher, await dashPresentation(options, fetcher, mpd, loadOptions), startedAt);
  });
}

export function mpdLoadOptions(options: ResolvedStreamOptions): MpdLoadOptions {
  return { strict: options.strict, events: options.events, signal: options.signal, retries: options.retries, warned: new Set() };
}

/** The tracks of a loaded MPD, ready for the shared download machinery. */
export async function dashPresentation(options: ResolvedStreamOptions, fetcher: Fetcher, mpd: Mpd, loadOptions: MpdLoadOptions): Promise<Presentation> {
  const events = options.events;
  let live = options.live;
  if (live && mpd.type === 'static') {
    events.emit({ type: 'note', message: 'the MPD is static: it is complete, downloading it as it is' });
    live = false;
  } else if (!live && mpd.type === 'dynamic') {
    events.emit({ type: 'warning', message: 'the MPD is dynamic (live): downloading the segments available now; use --live to record it as it grows' });
  }
  const specs = { variant: options.variant, audio: options.audio, subs: options.subs };
  const selected = selectTracks(mpd, specs);
  // Refused before any segment (or index) is fetched, and before anything else is said.
  for (const track of selected) for (const pick of track.picks) assertClear(mpd.url, pick.representation);
  for (const track of selected) {
    events.emit({ type: 'note', message: track.note });
    // Never a silent skip: a Period with no such track leaves a hole in it, and that is said.
    const missing = mpd.periods.filter((period) => !track.picks.some((pick) => pick.period === period));
    if (missing.length > 0 && track.picks.length > 0) {
      const names = missing.map((period) => (period.id !== undefined ? `"${period.id}"` : `#${mpd.periods.indexOf(period) + 1}`)).join(', ');
      events.emit({ type: 'warning', message: `the ${track.kind} track has nothing in Period ${names} (no ${track.contentType} AdaptationSet${track.lang ? ` in ${track.lang}` : ''} there): that part of the presentation is missing from it` });
    }
  }
  const now = Date.now();
  const tracks: TrackPlan[] = [];
  for (const track of selected) {
    const source = new MpdTrackSource(fetcher, mpd, track.kind, specs, loadOptions, live);
    const segments = await source.list(now);
    const first = track.picks[0]!;
    const text = track.contentType === 'text' ? textFormatOf(first.adaptationSet, first.representation) : undefined;
    if (track.contentType === 'text' && !text) {
      const kind = first.representation.mimeType ?? first.adaptationSet.mimeType ?? 'no mimeType';
      throw new OptionError('subs', options.subs, `the text AdaptationSet is ${kind}${first.representation.codecs ? ` (${first.representation.codecs})` : ''}, which trawl cannot turn into WebVTT`);
    }
    tracks.push({
      spec: specOf(track, first.representation),
      // The Representation is part of the track's identity: a resume into another one is refused.
      mediaUrl: `${mpd.url}#${track.kind}=${first.representation.id}`,
      source,
      segments: live ? [] : segments,
      bandwidth: first.representation.bandwidth,
      transform: text ? textTransform(text) : undefined,
      mpegTs: /mp2t/i.test(first.representation.mimeType ?? first.adaptationSet.mimeType ?? ''),
      record: live ? (track, signal) => recordDashLive(track, source, { durationSeconds: options.durationSeconds, events, signal, first: segments }) : undefined,
    });
  }
  const stem = defaultOutputName(options.url).replace(/\.ts$/, '');
  return { format: 'dash', mediaUrl: mpd.url, tracks, live, defaultOutput: `${stem}.mp4` };
}

function specOf(track: SelectedTrack, representation: Representation): TrackSpec {
  const mime = (representation.mimeType ?? track.picks[0]!.adaptationSet.mimeType ?? '').toLowerCase();
  if (track.contentType === 'text') return { kind: track.kind, role: 'subs', label: track.lang, ext: '.vtt' };
  const audio = track.contentType === 'audio';
  const ext = mime.includes('webm') ? '.webm' : mime.includes('mp2t') ? '.ts' : audio ? '.m4a' : '.mp4';
  return { kind: track.kind, role: audio ? 'audio' : 'video', label: track.kind === 'main' ? undefined : track.lang, ext };
}
