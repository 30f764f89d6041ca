// The end of a download, once every track is complete in its `.part`: the gap report, the
// subtitle file (cues aligned to the video, as WebVTT or SubRip), then the output plan carried
// out — parts renamed to their names, or remuxed / muxed by ffmpeg into the output (one call)
// — and the duration check. Only after this do the outputs' own names exist.
import { rename, rm, writeFile } from 'node:fs/promises';
import { errorMessage } from '../errors/trawl-error.js';
import { findOnPath, muxFiles, probeDuration, type MuxInput } from './ffmpeg.js';
import { fragmentedMp4Times, mpegTsStart } from './media-time.js';
import type { ResolvedStreamOptions } from './options.js';
import type { OutputPlan, PlannedFile } from './plan.js';
import { buildSubtitleFile } from './subtitles/build.js';
import { partPathFor, removeTrackState } from './track-output.js';
import { mpegTsDuration } from './ts-duration.js';
import type { GapRecord, StreamResult, TrackResult } from './types.js';

export interface FinishInput {
  readonly format: StreamResult['format'];
  readonly plan: OutputPlan;
  readonly tracks: readonly TrackResult[];
  readonly mediaUrl: string;
  readonly live: boolean;
  readonly startedAt: number;
}

const FMP4 = /\.(m4v|m4a|m4s|mp4|cmfv|cmfa|fmp4)$/i;
const TS = /\.ts$/i;

export async function finishDownload(options: ResolvedStreamOptions, input: FinishInput): Promise<StreamResult> {
  const { plan, tracks } = input;
  const events = options.events;
  const gaps: GapRecord[] = tracks.flatMap((track) => track.gaps);
  let gapReport: string | undefined;
  if (gaps.length > 0 && plan.mode !== 'stream') {
    gapReport = `${plan.final}.gaps.json`;
    const report = { manifest: options.url, media: input.mediaUrl, output: plan.final, gaps };
    await writeFile(gapReport, `${JSON.stringify(report, null, 2)}\n`);
  }
  let remux: StreamResult['remux'] = 'not-needed';
  let remuxError: string | undefined;
  let output = plan.files[0]!.path;
  let outputs: string[] = [];
  const delivered = new Map<PlannedFile, string>();
  if (plan.mode !== 'stream') {
    // Subtitles are rebuilt from their part into `<file>.tmp` (their part stays until the end,
    // so a crash here redoes this step).
    const subtitleFiles = new Map<PlannedFile, string>();
    for (const file of plan.files) {
      if (file.spec.role !== 'subs') continue;
      const videoStart = await mediaStart(plan.files[0]!);
      const text = await buildSubtitleFile(partPathFor(file.path), options.subFormat, { videoStart });
      await writeFile(`${file.path}.tmp`, text);
      subtitleFiles.set(file, `${file.path}.tmp`);
    }
    const source = (file: PlannedFile): string => subtitleFiles.get(file) ?? partPathFor(file.path);
    const keepSeparate = async (): Promise<void> => {
      for (const file of plan.files) {
        await rename(source(file), file.path);
        if (subtitleFiles.has(file)) await rm(partPathFor(file.path), { force: true });
        delivered.set(file, file.path);
      }
    };
    if (plan.mode === 'remux' || plan.mode === 'mux') {
      const ffmpeg = plan.ffmpeg ?? findOnPath('ffmpeg');
      if (!ffmpeg) {
        remux = 'ffmpeg-missing';
        await keepSeparate();
        events.emit({ type: 'warning', message: `ffmpeg not found on PATH: kept ${plan.files.map((f) => f.path).join(', ')} instead of ${plan.final}` });
      } else {
        const inputs: MuxInput[] = plan.files.map((file) => ({ path: source(file), subtitles: file.spec.role === 'subs' }));
        events.emit({ type: 'remux', from: plan.files.map((f) => f.path).join(', '), to: plan.final });
        const temp = partPathFor(plan.final);
        try {
          await muxFiles(ffmpeg, inputs, temp, /\.mkv$/i.test(plan.final) ? 'matroska' : 'mp4', options.signal);
          await rename(temp, plan.final);
          for (const file of plan.files) {
            await rm(source(file), { force: true });
            await rm(partPathFor(file.path), { force: true });
            delivered.set(file, plan.final);
          }
          remux = 'done';
        } catch (error) {
          await rm(temp, { force: true });
          remux = 'failed';
          remuxError = errorMessage(error);
          await keepSeparate();
          events.emit({ type: 'warning', message: `ffmpeg could not make ${plan.final} (${remuxError}); kept ${plan.files.map((f) => f.path).join(', ')}` });
        }
      }
    } else {
      await keepSeparate();
    }
    output = delivered.get(plan.files[0]!) ?? plan.files[0]!.path;
    outputs = [...new Set(plan.files.map((file) => delivered.get(file) ?? file.path))];
    // Only now is the whole job done: a crash before this point resumes without refetching.
    for (const file of plan.files) await removeTrackState(file.path);
  } else {
    outputs = ['-'];
    output = '-';
  }
  const results = tracks.map((track, index) => {
    const file = plan.files[index];
    return file && plan.mode !== 'stream' ? { ...track, output: delivered.get(file) ?? file.path } : track;
  });
  const { probe, probedSeconds } = options.probe && plan.mode !== 'stream' ? await probeOutput(output, options.signal) : { probe: 'skipped' as const, probedSeconds: undefined };
  const main = results[0]!;
  return {
    format: input.format,
    output,
    outputs,
    playlistUrl: options.url,
    mediaUrl: input.mediaUrl,
    tracks: results,
    segments: results.reduce((sum, track) => sum + track.segments, 0),
    bytes: results.reduce((sum, track) => sum + track.bytes, 0),
    bytesFetched: results.reduce((sum, track) => sum + track.bytesFetched, 0),
    seconds: (Date.now() - input.startedAt) / 1000,
    extinfSeconds: main.extinfSeconds,
    probedSeconds,
    probe,
    remux,
    remuxError,
    gaps,
    gapReport,
    live: input.live,
  };
}

/** Where the main track's media starts (seconds), for subtitle alignment; undefined when unknown. */
async function mediaStart(main: PlannedFile): Promise<number | undefined> {
  const part = partPathFor(main.path);
  if (TS.test(main.spec.ext)) return mpegTsStart(part).catch(() => undefined);
  if (FMP4.test(main.spec.ext)) return (await fragmentedMp4Times(part))?.start;
  return undefined;
}

async function probeOutput(output: string, signal: AbortSignal | undefined): Promise<Pick<StreamResult, 'probe' | 'probedSeconds'>> {
  if (TS.test(output)) {
    const probedSeconds = await mpegTsDuration(output).catch(() => undefined);
    return { probe: probedSeconds === undefined ? 'failed' : 'timestamps', probedSeconds };
  }
  if (FMP4.test(output) && !/\.mp4$/i.test(output)) {
    const times = await fragmentedMp4Times(output);
    if (times) return { probe: 'timestamps', probedSeconds: times.end - times.start };
  }
  const ffprobe = findOnPath('ffprobe');
  if (!ffprobe) return { probe: 'ffprobe-missing', probedSeconds: undefined };
  const probedSeconds = await probeDuration(ffprobe, output, signal).catch(() => undefined);
  return { probe: probedSeconds === undefined ? 'failed' : 'ffprobe', probedSeconds };
}
