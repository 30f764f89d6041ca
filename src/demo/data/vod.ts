// The script-built player: the lesson's hardest case made real. The player page's HTML holds no
// <video> and no manifest address; its script computes a real-time code, sets a cookie and
// requests `/vod/<vid>/index.php?note=<code>&raw=1&n.m3u8`, which answers only while the code is
// fresh and only with the player page as Referer. The playlist leads to a cookie-gated AES-128
// key and to segments carrying a token, made from the committed HLS assets.
//
//   /vod/play/<vid>.html ─script─▶ cookie pt=<code> ─▶ index.php?note=<code>&raw=1&n.m3u8 (Referer)
//                                                      ├▶ key.php            (cookie pt)
//                                                      └▶ seg/<n>.ts?t=<tok> (Referer, token)
import { assetBytes, assetManifest } from '../assets.js';
import { derivedBytes, sha256Hex } from '../prng.js';

export interface VodVideo {
  readonly vid: string;
  readonly title: string;
  /** Committed segments (assets/demo/hls/<dir>/) the stream is made of. */
  readonly assets: string;
  /** Whether the player also loads an English WebVTT track. */
  readonly subtitles: boolean;
}

export const VOD_VIDEOS: readonly VodVideo[] = [
  { vid: 'AbR4hL2x', title: 'Async crawling, the lesson', assets: 'lesson', subtitles: true },
  { vid: 'mV8pQz3k', title: 'Three variants, the low one', assets: 'multi/v1', subtitles: false },
];

/** A page with both players, for choosing among streams (--pick, --match). */
export const VOD_PAIR_PATH = '/vod/pair.html';
export const VOD_SCRIPT_PATH = '/vod/static/player.js';
/** A code's time slot is this long; the manifest accepts codes up to NOTE_MAX_AGE_SLOTS old. */
export const VOD_SLOT_MS = 10_000;
export const NOTE_MAX_AGE_SLOTS = 3;
/** The cookie and the segment tokens last longer: a download takes a while after the page loaded. */
export const PASS_MAX_AGE_SLOTS = 60;
export const VOD_COOKIE = 'pt';

export function vodVideo(vid: string): VodVideo | undefined {
  return VOD_VIDEOS.find((video) => video.vid === vid);
}

export function vodPlayerPath(vid: string): string {
  return `/vod/play/${vid}.html`;
}

export function vodSlot(now = Date.now()): number {
  return Math.floor(now / VOD_SLOT_MS);
}

/**
 * The page computes its codes with this same algorithm (VOD_CODE_SOURCE, in JavaScript): 21
 * characters of [0-9a-z], each from a 32-bit FNV-1a hash of salt|slot|position, mixed.
 */
export function vodCode(salt: string, slot: number): string {
  let out = '';
  for (let i = 0; i < 21; i++) out += ALPHABET.charAt(fnv1a(`${salt}|${slot}|${i}`) % 36);
  return out;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return mix(hash);
}

/** MurmurHash3's finaliser: neighbouring inputs give unrelated characters. */
function mix(value: number): number {
  let h = value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The same two functions, as the player script ships them. */
export const VOD_CODE_SOURCE = `function fnv1a(text) {
  var hash = 0x811c9dc5;
  for (var i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}
function vodCode(salt, slot) {
  var out = '';
  for (var i = 0; i < 21; i++) out += '${ALPHABET}'.charAt(fnv1a(salt + '|' + slot + '|' + i) % 36);
  return out;
}`;

/** Salts: the note (manifest), the cookie (key server) and the segment token differ. */
export const noteSalt = (vid: string): string => `note:${vid}`;
export const passSalt = (vid: string): string => `pass:${vid}`;
export const segmentSalt = (vid: string): string => `seg:${vid}`;

/** Whether `code` is the code of `salt` for a slot at most `maxAge` slots old (or one ahead, for clock skew). */
export function vodCodeIsFresh(code: string | null | undefined, salt: string, maxAge: number, now = Date.now()): boolean {
  if (!code) return false;
  const slot = vodSlot(now);
  for (let s = slot + 1; s >= slot - maxAge; s--) if (vodCode(salt, s) === code) return true;
  return false;
}

export interface VodSegment {
  readonly file: string;
  readonly duration: number;
  /** The media sequence number, which is also the segment's IV (RFC 8216 §5.2). */
  readonly sequence: number;
}

export function vodSegments(video: VodVideo): readonly VodSegment[] {
  return (assetManifest().hls[video.assets] ?? []).map((entry, index) => ({ file: entry.file, duration: entry.duration, sequence: index }));
}

/** The AES-128 key of a video's stream. */
export function vodKey(video: VodVideo): Buffer {
  return derivedBytes(`key:vod:${video.vid}`, 16);
}

/** The decrypted stream: what a correct download from the player page writes, byte for byte. */
export function vodPlain(video: VodVideo): Buffer {
  return Buffer.concat(vodSegments(video).map((segment) => assetBytes(segment.file)));
}

export function vodPlainSha256(video: VodVideo): string {
  return sha256Hex(vodPlain(video));
}

/** The English subtitles of a video that has them. */
export function vodSubtitles(video: VodVideo): string {
  const cues = vodSegments(video).map((segment, index) => {
    const from = vodSegments(video).slice(0, index).reduce((sum, s) => sum + s.duration, 0);
    return `${timestamp(from)} --> ${timestamp(from + segment.duration)}\nPart ${index + 1} of ${video.title}`;
  });
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

function timestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}
