// downloadHls: the HLS front end of the stream downloader. Resolves the playlists (variant,
// renditions), refuses encryption trawl cannot undo before anything is fetched, and hands the
// tracks to the shared machinery (src/stream/run.ts): `.part` files with resume state, the
// output plan, live recording, the finish.
//
//   resolveStream ─▶ checks (keys, live) ─▶ TrackPlan: main, audio, subtitles ─▶ downloadPresentation
import { assertDecryptable } from '../../stream/keys.js';
import type { Fetcher } from '../../http/index.js';
import type { ResolvedStreamOptions } from '../../stream/options.js';
import { downloadPresentation, withStreamFetcher, type Presentation, type TrackPlan } from '../../stream/run.js';
import { terminateDocument } from '../../stream/subtitles/vtt.js';
import type { Segment } from '../parser/types.js';
import { recordLive } from './live.js';
import { defaultOutputName, renditionExtension } from './naming.js';
import { resolveHlsOptions, type HlsDownloadOptions } from './options.js';
import type { MediaSource } from './playlist-source.js';
import { resolveStream, type Fetched } from './playlist-source.js';
import type { HlsResult } from './types.js';

/**
 * Downloads the HLS stream at `options.url` into one file (plus one per chosen rendition, or
 * muxed into an .mp4/.mkv). Resolves with what was written; rejects with a TrawlError naming
 * what failed (a segment, the playlist and line, an option). Progress, warnings and gaps go
 * to `options.events`.
 */
export async function downloadHls(input: HlsDownloadOptions): Promise<HlsResult> {
  const options = resolveHlsOptions(input);
  const startedAt = Date.now();
  return withStreamFetcher(options, async (fetcher) => downloadPresentation(options, fetcher, await hlsPresentation(options, fetcher), startedAt));
}

/** The tracks of an HLS stream (its first playlist `fetched` already, or not), ready for the shared download machinery. */
export async function hlsPresentation(options: ResolvedStreamOptions, fetcher: Fetcher, fetched?: Fetched): Promise<Presentation> {
  const events = options.events;
  const firstLoadAt = Date.now();
  const stream = await resolveStream(fetcher, options.url, { variant: options.variant, audio: options.audio, subs: options.subs, signal: options.signal, strict: options.strict, events }, fetched);
  const media = stream.main.playlist;
  const renditions = [
    ['audio', stream.audio],
    ['subtitles', stream.subtitles],
  ] as const;
  // Every playlist is loaded: refuse what cannot be decrypted before any segment is fetched
  // (and before anything else is said).
  checkDecryptable(media.segments, media.url);
  for (const [, rendition] of renditions) if (rendition) checkDecryptable(rendition.source.playlist.segments, rendition.source.playlist.url);
  for (const message of stream.notes) events.emit({ type: 'note', message });
  let live = options.live;
  if (live && media.endList) {
    events.emit({ type: 'note', message: 'the playlist has EXT-X-ENDLIST: it is complete, downloading it as it is' });
    live = false;
  } else if (!live && !media.endList && media.playlistType !== 'VOD') {
    events.emit({
      type: 'warning',
      message: `the playlist has no EXT-X-ENDLIST (live or EVENT): downloading the ${media.segments.length} segments listed now; use --live to record it as it grows`,
    });
  }

  const record = (source: MediaSource) => (track: Parameters<typeof recordLive>[0], signal: AbortSignal) =>
    recordLive(track, source, firstLoadAt, { durationSeconds: options.durationSeconds, events, signal });
  const first = media.segments[0];
  const tracks: TrackPlan[] = [
    {
      spec: { kind: 'main', role: 'video', ext: first?.map ? '.mp4' : '.ts' },
      mediaUrl: media.url,
      source: stream.main,
      segments: media.segments,
      bandwidth: stream.variant?.variant.bandwidth,
      record: live ? record(stream.main) : undefined,
    },
  ];
  for (const [kind, rendition] of renditions) {
    if (!rendition) continue;
    const playlist = rendition.source.playlist;
    tracks.push({
      spec: { kind, role: kind === 'audio' ? 'audio' : 'subs', label: rendition.choice.rendition.language ?? rendition.choice.rendition.name, ext: renditionExtension(kind, playlist) },
      mediaUrl: playlist.url,
      source: rendition.source,
      segments: playlist.segments,
      // Each WebVTT segment ends with a blank line, so the part reads as one file per segment.
      transform: kind === 'subtitles' ? (parts) => [terminateDocument(Buffer.concat(parts))] : undefined,
      mpegTs: kind === 'subtitles' ? false : undefined,
      record: live ? record(rendition.source) : undefined,
    });
  }
  return { format: 'hls', mediaUrl: media.url, tracks, live, defaultOutput: defaultOutputName(options.url) };
}

/** Refuses the whole download up front when any segment needs a decryption trawl lacks. */
function checkDecryptable(segments: readonly Segment[], playlistUrl: string): void {
  for (const segment of segments) {
    assertDecryptable(segment.key, playlistUrl);
    if (segment.map) assertDecryptable(segment.map.key, playlistUrl);
  }
}
