// Output names: the default one from the playlist URL (sanitised, sinks/safe-name) and the
// extension a rendition's bytes call for. Where each track goes is src/stream/plan.ts.
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
