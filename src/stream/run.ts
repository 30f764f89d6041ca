// Downloading a presentation, whatever manifest it came from: the HLS and DASH front ends turn
// their manifests into tracks (segments, where to refresh them, a live recorder), and this runs
// them with the same guarantees — the output plan, each track into its `.part` with its resume
// state (one after another for VOD, so each has the whole concurrency; side by side when live),
// then the finish (gap report, subtitles, rename or mux, duration check).
//
//   TrackPlan[] ─▶ planOutputs ─▶ Track × n (VOD: in turn; live: at once, fed by recorders) ─▶ finishDownload
import { resolve } from 'node:path';
import { Fetcher } from '../http/fetcher.js';
import { BlockPool, DEFAULT_BLOCK_BYTES } from './block-pool.js';
import { findOnPath } from './ffmpeg.js';
import { finishDownload } from './finish.js';
import { KeyStore } from './keys.js';
import { createStreamFetcher, type ResolvedStreamOptions } from './options.js';
import { planOutputs, wantsContainer, type TrackSpec } from './plan.js';
import { fetchResource } from './resource-fetch.js';
import { MapStore, type JobDeps, type SegmentSource } from './segment-job.js';
import { Track } from './track.js';
import type { StreamResult, StreamSegment, TrackResult } from './types.js';

export interface TrackPlan {
  readonly spec: TrackSpec;
  /** The URL this track's segments are listed in (a media playlist, or the MPD): part of its resume identity. */
  readonly mediaUrl: string;
  readonly source: SegmentSource;
  /** Every segment (VOD); for a live track, what is listed now (its recorder appends the rest). */
  readonly segments: readonly StreamSegment[];
  /** Bit/s, to size segments before any has arrived. */
  readonly bandwidth?: number | undefined;
  readonly transform?: JobDeps['transform'];
  /** Whether the segments are MPEG-TS (their sync bytes are checked); undefined: judged from each URI. */
  readonly mpegTs?: boolean | undefined;
  /** Live: feeds the track until the stream ends or the duration is reached (then calls track.finish()). */
  readonly record?: ((track: Track, signal: AbortSignal) => Promise<void>) | undefined;
}

export interface Presentation {
  readonly format: StreamResult['format'];
  /** The manifest the main track comes from (media playlist, or the MPD's final URL). */
  readonly mediaUrl: string;
  /** The main track first. */
  readonly tracks: readonly TrackPlan[];
  readonly live: boolean;
  /** The output name to use when the options give none. */
  readonly defaultOutput: string;
}

/** Runs `body` with the options' fetcher (or one made for the download), forwarding its retries as events. */
export async function withStreamFetcher<T>(options: ResolvedStreamOptions, body: (fetcher: Fetcher) => Promise<T>): Promise<T> {
  const fetcher = options.fetcher ? withHeaders(options.fetcher, options.headers) : createStreamFetcher(options);
  const offRetry = fetcher.events.on((event) => {
    if (event.type === 'retry') options.events.emit({ type: 'retry', url: event.url, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason });
  });
  try {
    return await body(fetcher);
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

export async function downloadPresentation(options: ResolvedStreamOptions, fetcher: Fetcher, presentation: Presentation, startedAt: number): Promise<StreamResult> {
  const events = options.events;
  const stream = options.outputStream;
  const final = stream ? '-' : resolve(options.output ?? presentation.defaultOutput);
  const specs = presentation.tracks.map((track) => track.spec);
  const needsFfmpeg = !stream && wantsContainer(final);
  const plan = planOutputs(final, specs, { stream: stream !== undefined, ffmpeg: needsFfmpeg ? findOnPath('ffmpeg') : undefined, subFormat: options.subFormat });
  if (plan.note) events.emit({ type: 'note', message: plan.note });

  const loadKey = async (uri: string): Promise<Buffer> => Buffer.concat((await fetchResource(fetcher, uri, undefined, { signal: options.signal, retries: options.retries })).parts);
  const keys = new KeyStore(loadKey, options.key);
  const maps = new MapStore();
  const pool = new BlockPool(DEFAULT_BLOCK_BYTES, options.maxBufferBytes);
  const live = presentation.live;
  const opened: Track[] = [];
  for (const [index, file] of plan.files.entries()) {
    const track = presentation.tracks[index]!;
    const deps: JobDeps = {
      fetcher,
      keys,
      maps,
      pool,
      source: track.source,
      retries: options.retries,
      ivOverride: options.iv,
      transform: track.transform,
      mpegTs: track.mpegTs,
      onRetry: (url, attempt, delayMs, reason) => events.emit({ type: 'retry', url, attempt, delayMs, reason }),
      onRefresh: (url, reason) => events.emit({ type: 'refresh', url, reason }),
    };
    const trackOptions = {
      kind: file.spec.kind,
      output: file.path,
      label: file.spec.label,
      stream: file.path === '-' ? stream : undefined,
      playlistUrl: options.url,
      live,
      concurrency: options.concurrency,
      maxBufferBytes: options.maxBufferBytes,
      // A live recording goes on past a segment it cannot get: the stream will not wait.
      allowGaps: options.allowGaps || live,
      restart: options.restart,
      bandwidth: track.bandwidth,
      events,
    };
    opened.push(await Track.open(trackOptions, deps, track.mediaUrl, track.segments));
  }
  const results: TrackResult[] = [];
  if (live) {
    const runs = opened.map((track, index) => runLive(track, presentation.tracks[index]!, options.signal));
    try {
      results.push(...(await Promise.all(runs)));
    } catch (error) {
      // One track failing stops the others (their states stay, for a resume).
      for (const track of opened) track.abort(error);
      await Promise.allSettled(runs);
      throw error;
    }
  } else {
    for (const track of opened) results.push(await track.run(options.signal));
  }
  return finishDownload(options, { format: presentation.format, plan, tracks: results, mediaUrl: presentation.mediaUrl, live, startedAt });
}

async function runLive(track: Track, plan: TrackPlan, signal: AbortSignal | undefined): Promise<TrackResult> {
  if (track.complete || !plan.record) return track.run(signal);
  const running = track.run(signal);
  const stop = AbortSignal.any([track.signal, ...(signal ? [signal] : [])]);
  const recording = plan.record(track, stop).catch((error: unknown) => track.abort(error));
  const result = await running;
  await recording;
  return result;
}
