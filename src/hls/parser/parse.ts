// HLS playlist parser (RFC 8216), pure: text + the URL it came from in, a resolved model out.
// Hand-written because hls-parser 0.16 (global setOptions, console.error-and-continue by default, no base URL, no implicit IV, offset-less map BYTERANGE left at -1) and m3u8-parser 7.2 (warn-only: keyless AES-128 dropped, first offset-less BYTERANGE = 0, non-identity keys moved off segments, no implicit IV, no base URL) both miss required behaviour, and neither reports line numbers.
import { InvalidUrlError } from '../../errors/invalid-url-error.js';
import { ParseContext, splitLines, type Line, type PlaylistParseOptions } from './lines.js';
import { readMasterPlaylist } from './parse-master.js';
import { readMediaPlaylist } from './parse-media.js';
import type { MasterPlaylist, MediaPlaylist, Playlist } from './types.js';

type TagLine = Extract<Line, { kind: 'tag' }>;

const MASTER_TAGS = new Set([
  'EXT-X-STREAM-INF',
  'EXT-X-I-FRAME-STREAM-INF',
  'EXT-X-MEDIA',
  'EXT-X-SESSION-DATA',
  'EXT-X-SESSION-KEY',
]);
const MEDIA_TAGS = new Set([
  // 4.3.3 media playlist tags
  'EXT-X-TARGETDURATION',
  'EXT-X-MEDIA-SEQUENCE',
  'EXT-X-DISCONTINUITY-SEQUENCE',
  'EXT-X-ENDLIST',
  'EXT-X-PLAYLIST-TYPE',
  'EXT-X-I-FRAMES-ONLY',
  // 4.3.2 media segment tags
  'EXTINF',
  'EXT-X-BYTERANGE',
  'EXT-X-DISCONTINUITY',
  'EXT-X-KEY',
  'EXT-X-MAP',
  'EXT-X-PROGRAM-DATE-TIME',
  'EXT-X-DATERANGE',
]);

/**
 * Parses a playlist. `url` is the playlist's final URL (after redirects): relative URIs in the
 * playlist resolve against it. Throws PlaylistError (with the line) for a playlist that cannot
 * be used, InvalidUrlError when `url` is not absolute.
 */
export function parsePlaylist(text: string, url: string | URL, options: PlaylistParseOptions = {}): Playlist {
  const context = new ParseContext(baseUrl(url), options);
  const lines = splitLines(text, context);
  return kindOf(lines, context) === 'master' ? readMasterPlaylist(lines, context) : readMediaPlaylist(lines, context);
}

/** parsePlaylist, then insists on a master playlist. */
export function parseMasterPlaylist(text: string, url: string | URL, options: PlaylistParseOptions = {}): MasterPlaylist {
  const playlist = parsePlaylist(text, url, options);
  if (playlist.kind === 'master') return playlist;
  return new ParseContext(playlist.url).fail(1, 'expected a master playlist, found a media playlist');
}

/** parsePlaylist, then insists on a media playlist. */
export function parseMediaPlaylist(text: string, url: string | URL, options: PlaylistParseOptions = {}): MediaPlaylist {
  const playlist = parsePlaylist(text, url, options);
  if (playlist.kind === 'media') return playlist;
  return new ParseContext(playlist.url).fail(1, 'expected a media playlist, found a master playlist');
}

function baseUrl(url: string | URL): string {
  const text = typeof url === 'string' ? url : url.href;
  try {
    return new URL(text).href;
  } catch (error) {
    throw new InvalidUrlError(text, 'playlist URL', 'not an absolute URL', { cause: error });
  }
}

// Media playlist tags that say nothing about segments: found in a master playlist, players
// ignore them, and so does trawl (with a warning).
const HEADER_ONLY = new Set(['EXT-X-TARGETDURATION', 'EXT-X-MEDIA-SEQUENCE', 'EXT-X-DISCONTINUITY-SEQUENCE', 'EXT-X-PLAYLIST-TYPE', 'EXT-X-ENDLIST']);

// RFC 8216 4.3.4: clients MUST fail to parse a playlist holding both a master playlist tag and
// a media playlist or media segment tag. Without either, URI lines make it a media playlist.
function kindOf(lines: readonly Line[], context: ParseContext): 'master' | 'media' {
  let master: TagLine | undefined;
  let media: TagLine | undefined;
  let segmentTag: TagLine | undefined;
  for (const line of lines) {
    if (line.kind !== 'tag') continue;
    if (!master && MASTER_TAGS.has(line.name)) master = line;
    if (!media && MEDIA_TAGS.has(line.name)) media = line;
    if (!segmentTag && MEDIA_TAGS.has(line.name) && !HEADER_ONLY.has(line.name)) segmentTag = line;
  }
  if (master && media) {
    const [first, second] = master.line < media.line ? [master, media] : [media, master];
    const refusal = `${second.name} cannot appear in the same playlist as ${first.name} (line ${first.line}): a playlist is either a master playlist or a media playlist`;
    if (segmentTag || context.strict) context.fail(second.line, refusal);
    context.tolerate('master-with-media-tags', media.line, `${media.name} belongs in a media playlist; in this master playlist it is ignored`, refusal);
  }
  return master ? 'master' : 'media';
}
