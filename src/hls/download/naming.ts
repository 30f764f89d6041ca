// Output names: the default one from the playlist URL, the .ts written before an .mp4 remux,
// and `<base>.<lang>.<ext>` beside it for audio and subtitle renditions. Names from URLs and
// playlists are sanitised (sinks/safe-name) and never leave the output's folder.
import { basename, dirname, join } from 'node:path';
import { sanitizeFilename, splitExtension } from '../../sinks/safe-name.js';
import type { MediaPlaylist } from '../parser/types.js';

// Names that say nothing about the stream: the folder above names it better.
const GENERIC = /^(index|playlist|master|main|prog_index|chunklist.*|media.*|video|stream|manifest|mono|hls|\d+(kb|k|p)?)$/i;

/** `<name>.ts` from the playlist URL: its file name, or the first folder above it that is not generic. */
export function defaultOutputName(url: string): string {
  let parts: string[] = [];
  try {
    parts = new URL(url).pathname.split('/').filter(Boolean).map(decodeSegment);
  } catch {
    // Not a URL: the fallback name below.
  }
  const stems = parts.map((part, index) => (index === parts.length - 1 ? splitExtension(part).stem : part));
  const chosen = [...stems].reverse().find((stem) => !GENERIC.test(stem)) ?? stems.at(-1) ?? 'stream';
  return `${sanitizeFilename(chosen, 'stream')}.ts`;
}

function decodeSegment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The file the byte stream is written to: the output itself, or `<base>.ts` when remuxing to .mp4. */
export function byteStreamPath(output: string): string {
  return /\.mp4$/i.test(output) ? output.replace(/\.mp4$/i, '.ts') : output;
}

export function wantsMp4(output: string): boolean {
  return /\.mp4$/i.test(output);
}

/** `<dir>/<base>.<label>.<ext>` for a rendition beside `output`. */
export function renditionPath(output: string, label: string, ext: string): string {
  const { stem } = splitExtension(basename(output));
  const safe = sanitizeFilename(label.replace(/\s+/g, '_'), 'alt');
  return join(dirname(output), sanitizeFilename(`${stem}.${safe}${ext}`));
}

const PACKED_AUDIO = /\.(aac|mp3|ac3|ec3|eac3)$/i;

/** The extension for a rendition's byte stream, from what its playlist holds. */
export function renditionExtension(kind: 'audio' | 'subtitles', playlist: MediaPlaylist): string {
  if (kind === 'subtitles') return '.vtt';
  const first = playlist.segments[0];
  if (!first) return '.ts';
  if (first.map) return '.m4a';
  let path = first.uri;
  try {
    path = new URL(first.uri).pathname;
  } catch {
    // Keep the text.
  }
  const packed = PACKED_AUDIO.exec(path);
  return packed ? packed[0].toLowerCase() : '.ts';
}
