// What kind of media a response is, from its Content-Type, the first bytes of its body and its
// URL, in that order of trust. Pure: no I/O. Segments (MPEG-TS, fMP4 fragments) are told apart
// so that a playing stream's hundreds of segment requests do not bury its one manifest.

export type MediaType = 'hls' | 'dash' | 'video' | 'audio' | 'subtitle';
export type MediaKind = MediaType | 'segment';

export const MEDIA_TYPES: readonly MediaType[] = ['hls', 'dash', 'video', 'audio', 'subtitle'];

const BY_TYPE: Readonly<Record<string, MediaKind>> = {
  'application/vnd.apple.mpegurl': 'hls',
  'application/x-mpegurl': 'hls',
  'audio/mpegurl': 'hls',
  'audio/x-mpegurl': 'hls',
  'application/dash+xml': 'dash',
  'video/vnd.mpeg.dash.mpd': 'dash',
  'video/mp2t': 'segment',
  'video/iso.segment': 'segment',
  'audio/iso.segment': 'segment',
  'text/vtt': 'subtitle',
  'application/x-subrip': 'subtitle',
  'text/srt': 'subtitle',
  'application/ttml+xml': 'subtitle',
  'application/ttaf+xml': 'subtitle',
  'text/x-ssa': 'subtitle',
};

/** Types that say nothing about the content: the body or the URL decides. */
const VAGUE = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'text/plain', 'text/html', 'application/x-httpd-php', 'application/xml', 'text/xml', 'application/json']);

const BY_EXTENSION: readonly (readonly [RegExp, MediaKind])[] = [
  [/\.m3u8?$/, 'hls'],
  [/\.mpd$/, 'dash'],
  [/\.(?:mp4|m4v|webm|mkv|mov|flv|ogv|avi)$/, 'video'],
  [/\.(?:mp3|m4a|aac|oga|ogg|opus|flac|wav|weba)$/, 'audio'],
  [/\.(?:vtt|srt|ttml|dfxp|ssa|ass)$/, 'subtitle'],
  [/\.(?:ts|m4s|cmfv|cmfa)$/, 'segment'],
];

/** The media type of a Content-Type header value alone, or undefined when it does not say. */
export function kindFromContentType(contentType: string | undefined): MediaKind | undefined {
  const type = essence(contentType);
  const known = BY_TYPE[type];
  if (known) return known;
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  return undefined;
}

/** Whether a Content-Type leaves the kind to the body and the URL. */
export function isVagueContentType(contentType: string | undefined): boolean {
  return VAGUE.has(essence(contentType));
}

/**
 * The media type of the first bytes of a body: an HLS playlist starts with #EXTM3U
 * (RFC 8216 §4.3.1.1), a WebVTT file with WEBVTT, a DASH manifest is XML whose root is MPD.
 */
export function kindFromBody(head: Uint8Array | string): MediaKind | undefined {
  const text = (typeof head === 'string' ? head : Buffer.from(head.subarray(0, 1024)).toString('utf8')).replace(/^\uFEFF/, '');
  if (text.startsWith('#EXTM3U')) return 'hls';
  if (/^WEBVTT(?:[ \t\r\n]|$)/.test(text)) return 'subtitle';
  if (/^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*<MPD[\s>]/.test(text)) return 'dash';
  return undefined;
}

/**
 * The media type a URL's name suggests. The query is looked at too, since players hide the
 * extension there (`index.php?note=…&raw=1&n.m3u8`).
 */
export function kindFromUrl(url: string): MediaKind | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const path = parsed.pathname.toLowerCase();
  for (const [pattern, kind] of BY_EXTENSION) if (pattern.test(path)) return kind;
  const query = parsed.search.toLowerCase();
  for (const part of query.slice(1).split('&')) {
    for (const [pattern, kind] of BY_EXTENSION) if (kind !== 'segment' && pattern.test(part)) return kind;
  }
  return undefined;
}

/**
 * The kind of a response: a media Content-Type wins; a vague one (octet-stream, text/plain,
 * text/html…) defers to the body's first bytes when given, then to the URL. Other types
 * (images, scripts, CSS, fonts) are not media whatever the URL says.
 */
export function classifyResponse(url: string, contentType: string | undefined, head?: Uint8Array | string): MediaKind | undefined {
  const byType = kindFromContentType(contentType);
  if (byType) {
    // Servers label fMP4 segments and progressive files alike; the name tells them apart.
    if ((byType === 'video' || byType === 'audio') && kindFromUrl(url) === 'segment') return 'segment';
    return byType;
  }
  if (!isVagueContentType(contentType)) return undefined;
  if (head !== undefined) {
    const byBody = kindFromBody(head);
    if (byBody) return byBody;
  }
  const byUrl = kindFromUrl(url);
  // A page or a JSON answer whose URL merely mentions a media name is not media.
  if (byUrl && (essence(contentType) === 'text/html' || essence(contentType) === 'application/json') && head !== undefined) return undefined;
  return byUrl;
}

/** Whether the body must be read to decide (a vague type on a response that could be a manifest). */
export function needsBody(contentType: string | undefined): boolean {
  return isVagueContentType(contentType);
}

function essence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}
