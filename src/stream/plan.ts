// Where each track of a download goes, decided before anything is fetched (the resume state of
// each track lives beside its file, so the names must be known up front):
//
//   -o -                           the main track to the stream; other tracks are not fetched
//   one track,  -o x.<other>       x.<other>: the bytes as served (raw)
//   one track,  -o x.mp4|x.mkv     x.<its ext>, remuxed by ffmpeg into x.mp4 (kept when ffmpeg is missing)
//   tracks ≥ 2, -o x.mp4|x.mkv     x.video.<ext>, x.audio.<lang>.<ext>, x.subs.<lang>.vtt muxed by ffmpeg
//                                  in one call into x.mp4 (with ffmpeg), else kept as they are
//   tracks ≥ 2, -o x.<other>       x.video.<ext>, x.audio.<lang>.<ext>, x.subs.<lang>.<vtt|srt>
//
// Every track file is written as `<file>.part` until the whole download is done.
import { basename, dirname, join } from 'node:path';
import { sanitizeFilename, splitExtension } from '../sinks/safe-name.js';
import type { TrackKind } from './types.js';

export interface TrackSpec {
  readonly kind: TrackKind;
  /** What the track holds, for its file name: the main track is `video` unless it is audio alone. */
  readonly role: 'video' | 'audio' | 'subs';
  /** Language (or name) of the track, when it has one. */
  readonly label?: string | undefined;
  /** Extension of the track's bytes as served: `.ts`, `.m4v`, `.m4a`, `.aac`, `.vtt`… */
  readonly ext: string;
}

export interface PlannedFile {
  readonly spec: TrackSpec;
  /** The track's own file (absolute); `-` for the stream. */
  readonly path: string;
}

export type OutputMode = 'stream' | 'raw' | 'remux' | 'mux' | 'separate';

export interface OutputPlan {
  /** What the user asked for (absolute path), or `-`. */
  readonly final: string;
  readonly mode: OutputMode;
  readonly files: readonly PlannedFile[];
  /** Tracks that will not be fetched (the stream takes one track). */
  readonly dropped: readonly TrackSpec[];
  /** One line for the user about where the tracks go, when it is not simply `final`. */
  readonly note?: string | undefined;
  /** ffmpeg's path, when the plan needs it and it is installed. */
  readonly ffmpeg?: string | undefined;
}

const CONTAINER = /\.(mp4|mkv)$/i;

export function wantsContainer(output: string): boolean {
  return CONTAINER.test(output);
}

export interface PlanOptions {
  readonly stream: boolean;
  /** ffmpeg's path when installed. */
  readonly ffmpeg: string | undefined;
  readonly subFormat: 'vtt' | 'srt';
}

export function planOutputs(final: string, specs: readonly TrackSpec[], options: PlanOptions): OutputPlan {
  const main = specs[0];
  if (!main) throw new Error('planOutputs: no track');
  if (options.stream) {
    const dropped = specs.slice(1);
    const note = dropped.length > 0 ? `standard output takes one track: ${describe(main)} only (not ${dropped.map(describe).join(', ')})` : undefined;
    return { final: '-', mode: 'stream', files: [{ spec: main, path: '-' }], dropped, note };
  }
  const container = wantsContainer(final);
  if (specs.length === 1) {
    if (!container) return { final, mode: 'raw', files: [{ spec: main, path: final }], dropped: [] };
    const path = intermediatePath(final, fileExt(main, options.subFormat));
    return { final, mode: 'remux', files: [{ spec: main, path }], dropped: [], ffmpeg: options.ffmpeg };
  }
  const files = specs.map((spec) => ({ spec, path: trackPath(final, spec, options.subFormat) }));
  const names = files.map((file) => basename(file.path)).join(', ');
  if (container && options.ffmpeg) return { final, mode: 'mux', files, dropped: [], ffmpeg: options.ffmpeg };
  const why = container ? 'ffmpeg is not on PATH, so they are not muxed' : `use -o ${splitExtension(basename(final)).stem}.mkv (or .mp4) with ffmpeg installed to mux them`;
  return { final, mode: 'separate', files, dropped: [], note: `${specs.length} tracks, each in its own file: ${names} (${why})` };
}

/** `<dir>/<stem>.<role>[.<label>]<ext>` beside `final`. */
export function trackPath(final: string, spec: TrackSpec, subFormat: 'vtt' | 'srt'): string {
  const { stem } = splitExtension(basename(final));
  const label = spec.label ? `.${sanitizeFilename(spec.label.replace(/\s+/g, '_'), 'alt')}` : '';
  return join(dirname(final), sanitizeFilename(`${stem}.${spec.role}${label}${fileExt(spec, subFormat)}`));
}

/** The file a single track is written to before ffmpeg remuxes it into `final`. */
function intermediatePath(final: string, ext: string): string {
  const { stem, ext: finalExt } = splitExtension(basename(final));
  // Never the output's own name: x.mp4 from fMP4 bytes is first x.m4v.
  const own = ext.toLowerCase() === finalExt.toLowerCase() ? (ext.toLowerCase() === '.mp4' ? '.m4v' : `.raw${ext}`) : ext;
  return join(dirname(final), `${stem}${own}`);
}

function fileExt(spec: TrackSpec, subFormat: 'vtt' | 'srt'): string {
  return spec.role === 'subs' ? `.${subFormat}` : spec.ext;
}

function describe(spec: TrackSpec): string {
  return `${spec.role}${spec.label ? ` (${spec.label})` : ''}`;
}
