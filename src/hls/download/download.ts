// downloadHls: the whole job. Resolve the playlist (variant, renditions), download each track
// into its file (resumable), record live playlists, then the optional finish: a gap report,
// the .mp4 remux with ffmpeg, and the duration check with ffprobe.
//
//   resolveStream ─▶ main Track (VOD, or recordLive) ─▶ audio Track ─▶ subtitles Track
//                                                                         │
//                         <output>.gaps.json ◀─ gaps? ─┬─ remux (.mp4) ◀──┘
//                                                      └─ ffprobe duration
import { rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Fetcher } from '../../http/fetcher.js';
import type { Segment } from '../parser/types.js';
import { findOnPath, probeDuration, remuxToMp4 } from './ffmpeg.js';
import { BlockPool, DEFAULT_BLOCK_BYTES } from './block-pool.js';
import { KeyStore } from './keys.js';
import { recordLive } from './live.js';
import { byteStreamPath, defaultOutputName, renditionExtension, renditionPath, wantsMp4 } from './naming.js';
import { resolveHlsOptions, type HlsDownloadOptions, type ResolvedHlsOptions } from './options.js';
import type { MediaSource } from './playlist-source.js';
import { resolveStream } from './playlist-source.js';
import { fetchResource } from './resource-fetch.js';
import { assertDecryptable, MapStore, type JobDeps } from './segment-job.js';
import { Track } from './track.js';
import { readEarlierRun, removeTrackState } from './track-output.js';
import { mpegTsDuration } from './ts-duration.js';
import { expectsMpegTs } from './ts-sync.js';
import type { GapRecord, HlsResult, TrackKind, TrackResult } from './types.js';
import { vttContinuation, vttFirst } from './vtt.js';

/**
 * Downloads the HLS stream at `options.url` into one file (plus one per chosen rendition).
 * Resolves with what was written; rejects with a TrawlError naming what failed (a segment,
 * the playlist and line, an option). Progress, warnings and gaps go to `options.events`.
 */
export async function downloadHls(input: HlsDownloadOptions): Promise<HlsResult> {
  const options = resolveHlsOptions(input);
  const startedAt = Date.now();
  const fetcher = options.fetcher ? withHeaders(options.fetcher, options.headers) : createFetcher(options);
  const events = options.events;
  const offRetry = fetcher.events.on((event) => {
    if (event.type === 'retry') events.emit({ type: 'retry', url: event.url, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason });
  });
  try {
    const finalOutput = resolve(options.output ?? defaultOutputName(options.url));
    const mainOutput = byteStreamPath(finalOutput);
    // An earlier run's state is read while the playlists load: it needs none of them.
    const earlier = readEarlierRun(mainOutput, options.restart);
    earlier.catch(() => {});
    const firstLoadAt = Date.now();
    const stream = await resolveStream(fetcher, options.url, { variant: options.variant, audio: options.audio, subs: options.subs, signal: options.signal });
    for (const message of stream.notes) events.emit({ type: 'note', message });
    const media = stream.main.playlist;
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
    const loadKey = async (uri: string): Promise<Buffer> => Buffer.concat((await fetchResource(fetcher, uri, undefined, { signal: options.signal, retries: options.retries })).parts);
    const keys = new KeyStore(loadKey, options.key);
    const maps = new MapStore();
    const pool = new BlockPool(DEFAULT_BLOCK_BYTES, options.maxBufferBytes);
    const deps = (source: MediaSource, transform?: JobDeps['transform']): JobDeps => ({
      fetcher,
      keys,
      maps,
      pool,
      source,
      retries: options.retries,
      ivOverride: options.iv,
      transform,
      onRetry: (url, attempt, delayMs, reason) => events.emit({ type: 'retry', url, attempt, delayMs, reason }),
      onRefresh: (url, reason) => events.emit({ type: 'refresh', url, reason }),
    });
    const trackOptions = (kind: TrackKind, output: string, isLive: boolean, bandwidth?: number) => ({
      kind,
      output,
      playlistUrl: options.url,
      live: isLive,
      concurrency: options.concurrency,
      maxBufferBytes: options.maxBufferBytes,
      allowGaps: options.allowGaps || isLive,
      restart: options.restart,
      bandwidth,
      events,
    });

    const results: TrackResult[] = [];
    if (!live) checkDecryptable(media.segments, media.url);
    const main = await Track.open(trackOptions('main', mainOutput, live, stream.variant?.variant.bandwidth), deps(stream.main), stream.main.playlist.url, media.segments, earlier);
    if (live && !main.complete) {
      const running = main.run(options.signal);
      const stop = AbortSignal.any([main.signal, ...(options.signal ? [options.signal] : [])]);
      const recording = recordLive(main, stream.main, firstLoadAt, { durationSeconds: options.durationSeconds, events, signal: stop }).catch((error: unknown) => {
        main.abort(error);
      });
      results.push(await running);
      await recording;
    } else {
      results.push(await main.run(options.signal));
    }
    // Renditions of a live presentation would need their own recorders; only VOD ones are fetched.
    for (const [kind, rendition] of [['audio', stream.audio], ['subtitles', stream.subtitles]] as const) {
      if (!rendition) continue;
      if (live) {
        events.emit({ type: 'warning', message: `the ${kind} rendition is not recorded in live mode` });
        continue;
      }
      const playlist = rendition.source.playlist;
      checkDecryptable(playlist.segments, playlist.url);
      const label = rendition.choice.rendition.language ?? rendition.choice.rendition.name;
      const output = renditionPath(finalOutput, label, renditionExtension(kind, playlist));
      const transform: JobDeps['transform'] = kind === 'subtitles' ? (parts, index) => [index === 0 ? vttFirst(Buffer.concat(parts)) : vttContinuation(Buffer.concat(parts))] : undefined;
      const track = await Track.open(trackOptions(kind, output, false), deps(rendition.source, transform), playlist.url, playlist.segments);
      results.push(await track.run(options.signal));
    }
    const first = media.segments[0];
    const mainIsTs = first !== undefined && expectsMpegTs(first.uri, first.map !== undefined);
    const result = await finish(options, results, { finalOutput, mainOutput, mediaUrl: media.url, live, startedAt, mainIsTs });
    // Only now is the whole job done: a crash before this point resumes without refetching.
    for (const track of results) await removeTrackState(track.output);
    return result;
  } finally {
    offRetry();
    if (!options.fetcher) await fetcher.close();
  }
}

/**
 * A given Fetcher (a crawl's) sending `headers` too (a request's own win): without this, headers
 * passed with a fetcher — ctx.downloadHls(url, { headers }) — were silently dropped.
 */
function withHeaders(fetcher: Fetcher, headers: Readonly<Record<string, string>>): Fetcher {
  if (Object.keys(headers).length === 0) return fetcher;
  const add = <R extends { readonly headers?: Readonly<Record<string, string>> }>(request: R): R => ({ ...request, headers: { ...headers, ...request.headers } });
  return new Proxy(fetcher, {
    get(target, property) {
      if (property === 'fetch') return (request: Parameters<Fetcher['fetch']>[0]) => target.fetch(add(request));
      if (property === 'stream') return (request: Parameters<Fetcher['stream']>[0]) => target.stream(add(request));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function createFetcher(options: ResolvedHlsOptions): Fetcher {
  // Two more than the segment concurrency: keys and playlist refreshes never wait behind segments.
  const slots = options.concurrency + 2;
  return new Fetcher({
    concurrency: slots,
    perHost: slots,
    maxRetries: options.retries,
    headers: options.headers,
    connectTimeoutMs: Math.min(options.timeoutMs, 10_000),
    headersTimeoutMs: options.timeoutMs,
    bodyTimeoutMs: options.timeoutMs,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.proxyRotation ? { proxyRotation: options.proxyRotation } : {}),
    privateNetworks: options.privateNetworks,
  });
}

/** Refuses the whole download up front when any segment needs a decryption trawl lacks. */
function checkDecryptable(segments: readonly Segment[], playlistUrl: string): void {
  segments.forEach((segment, index) => {
    const where = `segment ${index + 1}/${segments.length} (media sequence ${segment.mediaSequence})`;
    assertDecryptable(segment.key, where, playlistUrl);
    if (segment.map) assertDecryptable(segment.map.key, `${where} init section`, playlistUrl);
  });
}

interface Finishing {
  readonly finalOutput: string;
  readonly mainOutput: string;
  readonly mediaUrl: string;
  readonly live: boolean;
  readonly startedAt: number;
  /** The main track is MPEG-TS (its duration can be read from its timestamps in-process). */
  readonly mainIsTs: boolean;
}

async function finish(options: ResolvedHlsOptions, tracks: readonly TrackResult[], at: Finishing): Promise<HlsResult> {
  const events = options.events;
  const main = tracks[0]!;
  const gaps: GapRecord[] = tracks.flatMap((track) => track.gaps);
  let gapReport: string | undefined;
  if (gaps.length > 0) {
    gapReport = `${at.finalOutput}.gaps.json`;
    const report = { playlist: options.url, media: at.mediaUrl, output: at.finalOutput, gaps };
    await writeFile(gapReport, `${JSON.stringify(report, null, 2)}\n`);
  }
  let output = at.mainOutput;
  let remux: HlsResult['remux'] = 'not-needed';
  let remuxError: string | undefined;
  if (wantsMp4(at.finalOutput)) {
    const ffmpeg = findOnPath('ffmpeg');
    if (!ffmpeg) {
      remux = 'ffmpeg-missing';
      events.emit({ type: 'warning', message: `ffmpeg not found on PATH: kept ${at.mainOutput} instead of ${at.finalOutput}` });
    } else {
      events.emit({ type: 'remux', from: at.mainOutput, to: at.finalOutput });
      try {
        await remuxToMp4(ffmpeg, at.mainOutput, at.finalOutput, options.signal);
        await rm(at.mainOutput, { force: true });
        output = at.finalOutput;
        remux = 'done';
      } catch (error) {
        remux = 'failed';
        remuxError = (error as Error).message;
        events.emit({ type: 'warning', message: `remuxing to ${at.finalOutput} failed (${remuxError}); kept ${at.mainOutput}` });
      }
    }
  }
  let probe: HlsResult['probe'] = 'skipped';
  let probedSeconds: number | undefined;
  if (options.probe && at.mainIsTs && output === at.mainOutput) {
    probedSeconds = await mpegTsDuration(output).catch(() => undefined);
    probe = probedSeconds === undefined ? 'failed' : 'timestamps';
  } else if (options.probe) {
    const ffprobe = findOnPath('ffprobe');
    if (!ffprobe) probe = 'ffprobe-missing';
    else {
      probedSeconds = await probeDuration(ffprobe, output, options.signal).catch(() => undefined);
      probe = probedSeconds === undefined ? 'failed' : 'ffprobe';
    }
  }
  return {
    output,
    playlistUrl: options.url,
    mediaUrl: at.mediaUrl,
    tracks,
    segments: tracks.reduce((sum, track) => sum + track.segments, 0),
    bytes: tracks.reduce((sum, track) => sum + track.bytes, 0),
    bytesFetched: tracks.reduce((sum, track) => sum + track.bytesFetched, 0),
    seconds: (Date.now() - at.startedAt) / 1000,
    extinfSeconds: main.extinfSeconds,
    probedSeconds,
    probe,
    remux,
    remuxError,
    gaps,
    gapReport,
    live: at.live,
  };
}
