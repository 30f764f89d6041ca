// The HLS streams' truth: two master playlists, their variants, keys, IVs and segments, and the
// plain bytes a correct downloader must reproduce (the committed .ts files, concatenated).
//
//   lesson  /20220318/AbR4hL2x/index.m3u8 ─▶ 1000kb/hls/index.m3u8   one key, IV = media sequence (0..)
//   multi   /20230611/mV8pQz3k/index.m3u8 ─┬▶ low/   explicit IV=0x…, relative segments, root-relative key
//                                          ├▶ mid/   MEDIA-SEQUENCE 1200, implied IVs, root-relative segments, ../keys/ key
//                                          └▶ high/  key rotation after 4 segments (implied IV, then explicit IV), mixed URIs
import { assetBytes, assetManifest } from '../assets.js';
import { derivedBytes, hash32, prng, sha256Hex } from '../prng.js';

export interface HlsKey {
  /** The URI exactly as the EXT-X-KEY tag writes it. */
  readonly uri: string;
  /** Root-relative path the key is served at (16 bytes). */
  readonly path: string;
  readonly bytes: Buffer;
}

export interface HlsSegment {
  /** The URI line exactly as the media playlist writes it (relative or root-relative). */
  readonly uri: string;
  /** Root-relative path the encrypted segment is served at. */
  readonly path: string;
  /** The plain segment, relative to assets/demo/. */
  readonly file: string;
  readonly duration: number;
  /** Media sequence number of this segment. */
  readonly sequence: number;
  /** Index into the variant's `keys`. */
  readonly keyIndex: number;
  /** The IV used to encrypt this segment (explicit, or the sequence number as 16 big-endian bytes). */
  readonly iv: Buffer;
  /** Whether the playlist states the IV (`IV=0x…`) rather than implying it. */
  readonly explicitIv: boolean;
}

export interface HlsVariant {
  readonly name: string;
  /** The URI line of the master playlist for this variant. */
  readonly uri: string;
  /** Root-relative path of the media playlist. */
  readonly playlistPath: string;
  readonly bandwidth: number;
  readonly resolution: string;
  readonly codecs: string;
  readonly mediaSequence: number;
  readonly keys: readonly HlsKey[];
  readonly segments: readonly HlsSegment[];
  /** Length and sha256 of the plain segments concatenated in order. */
  readonly plainBytes: number;
  readonly plainSha256: string;
}

export interface HlsStream {
  readonly name: 'lesson' | 'multi';
  /** Root-relative path of the master playlist. */
  readonly masterPath: string;
  readonly variants: readonly HlsVariant[];
}

export const LESSON_STREAM_DIR = '/20220318/AbR4hL2x/';
export const MULTI_STREAM_DIR = '/20230611/mV8pQz3k/';

type UriStyle = 'relative' | 'root';
interface KeyPlan { readonly uri: UriStyle; readonly path: string; readonly explicitIv: boolean }
interface VariantPlan {
  readonly stream: string;
  readonly name: string;
  readonly dir: string;
  readonly assets: string;
  readonly masterUri: UriStyle;
  readonly bandwidth: number;
  readonly resolution: string;
  readonly codecs: string;
  readonly mediaSequence: number;
  readonly keys: readonly KeyPlan[];
  /** Segment index where the second key takes over (rotation), if any. */
  readonly rotateAt?: number;
  readonly segmentUri: (index: number) => UriStyle;
  readonly segmentName: (index: number, sequence: number) => string;
}

const lessonNames = prng(hash32('lesson-segment-names'));
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LESSON_NAMES = Array.from({ length: 64 }, () =>
  Array.from({ length: 8 }, () => ALNUM[Math.floor(lessonNames() * ALNUM.length)]).join(''),
);

const PLANS: readonly VariantPlan[] = [
  {
    stream: 'lesson', name: '1000kb', dir: `${LESSON_STREAM_DIR}1000kb/hls/`, assets: 'lesson', masterUri: 'root',
    bandwidth: 1_000_000, resolution: '320x180', codecs: 'avc1.4d400c', mediaSequence: 0,
    keys: [{ uri: 'root', path: `${LESSON_STREAM_DIR}1000kb/hls/key.key`, explicitIv: false }],
    segmentUri: () => 'root', segmentName: (i) => `${LESSON_NAMES[i]}.ts`,
  },
  {
    stream: 'multi', name: 'low', dir: `${MULTI_STREAM_DIR}low/`, assets: 'multi/v1', masterUri: 'relative',
    bandwidth: 150_000, resolution: '160x90', codecs: 'avc1.4d400b', mediaSequence: 0,
    keys: [{ uri: 'root', path: `${MULTI_STREAM_DIR}keys/low.key`, explicitIv: true }],
    segmentUri: () => 'relative', segmentName: (_, seq) => `seg-${String(seq).padStart(3, '0')}.ts`,
  },
  {
    stream: 'multi', name: 'mid', dir: `${MULTI_STREAM_DIR}mid/`, assets: 'multi/v2', masterUri: 'root',
    bandwidth: 260_000, resolution: '320x180', codecs: 'avc1.4d400c', mediaSequence: 1200,
    keys: [{ uri: 'relative', path: `${MULTI_STREAM_DIR}keys/mid.key`, explicitIv: false }],
    segmentUri: () => 'root', segmentName: (_, seq) => `seg-${seq}.ts`,
  },
  {
    stream: 'multi', name: 'high', dir: `${MULTI_STREAM_DIR}high/`, assets: 'multi/v3', masterUri: 'relative',
    bandwidth: 320_000, resolution: '480x270', codecs: 'avc1.4d4015', mediaSequence: 50,
    keys: [
      { uri: 'relative', path: `${MULTI_STREAM_DIR}high/key-1.key`, explicitIv: false },
      { uri: 'root', path: `${MULTI_STREAM_DIR}keys/high-2.key`, explicitIv: true },
    ],
    rotateAt: 4,
    segmentUri: (i) => (i % 2 === 0 ? 'relative' : 'root'), segmentName: (_, seq) => `seg-${String(seq).padStart(3, '0')}.ts`,
  },
];

/** `target` written relative to the folder `fromDir` (both root-relative, fromDir ending in /). */
function relativeUri(fromDir: string, target: string): string {
  const from = fromDir.split('/').filter(Boolean);
  const to = target.split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array<string>(from.length - common).fill('..'), ...to.slice(common)].join('/');
}

function uriFor(style: UriStyle, fromDir: string, path: string): string {
  return style === 'root' ? path : relativeUri(fromDir, path);
}

function sequenceIv(sequence: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(sequence, 12);
  return iv;
}

function buildVariant(plan: VariantPlan): HlsVariant {
  const streamDir = plan.stream === 'lesson' ? LESSON_STREAM_DIR : MULTI_STREAM_DIR;
  const keys = plan.keys.map((key) => ({
    uri: uriFor(key.uri, plan.dir, key.path),
    path: key.path,
    bytes: derivedBytes(`key:${key.path}`, 16),
  }));
  const files = assetManifest().hls[plan.assets] ?? [];
  const segments = files.map((entry, index): HlsSegment => {
    const sequence = plan.mediaSequence + index;
    const keyIndex = plan.rotateAt !== undefined && index >= plan.rotateAt ? 1 : 0;
    const keyPlan = plan.keys[keyIndex] as KeyPlan;
    const path = `${plan.dir}${plan.segmentName(index, sequence)}`;
    return {
      uri: uriFor(plan.segmentUri(index), plan.dir, path),
      path,
      file: entry.file,
      duration: entry.duration,
      sequence,
      keyIndex,
      iv: keyPlan.explicitIv ? derivedBytes(`iv:${keyPlan.path}`, 16) : sequenceIv(sequence),
      explicitIv: keyPlan.explicitIv,
    };
  });
  const plain = Buffer.concat(segments.map((segment) => assetBytes(segment.file)));
  const playlistPath = `${plan.dir}index.m3u8`;
  return {
    name: plan.name,
    uri: uriFor(plan.masterUri, streamDir, playlistPath),
    playlistPath,
    bandwidth: plan.bandwidth,
    resolution: plan.resolution,
    codecs: plan.codecs,
    mediaSequence: plan.mediaSequence,
    keys,
    segments,
    plainBytes: plain.length,
    plainSha256: sha256Hex(plain),
  };
}

let streams: readonly HlsStream[] | undefined;

/** Both streams, built once (reads the committed segments). */
export function hlsStreams(): readonly HlsStream[] {
  streams ??= (['lesson', 'multi'] as const).map((name) => ({
    name,
    masterPath: `${name === 'lesson' ? LESSON_STREAM_DIR : MULTI_STREAM_DIR}index.m3u8`,
    variants: PLANS.filter((plan) => plan.stream === name).map(buildVariant),
  }));
  return streams;
}

export function hlsStream(name: 'lesson' | 'multi'): HlsStream {
  return hlsStreams().find((stream) => stream.name === name) as HlsStream;
}

/** The plain (decrypted) segments of a variant concatenated in order: a downloader's expected output. */
export function hlsVariantPlain(variant: HlsVariant): Buffer {
  return Buffer.concat(variant.segments.map((segment) => assetBytes(segment.file)));
}

/** The plain bytes of one segment. */
export function hlsSegmentPlain(segment: HlsSegment): Buffer {
  return assetBytes(segment.file);
}
