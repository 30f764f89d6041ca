// The HLS streams: master and media playlists rendered from data/hls.ts, 16-byte keys, and
// segments encrypted per RFC 8216 §5.2 (AES-128-CBC, PKCS7, the segment's own IV) on first
// request and then kept: the ciphertext is deterministic, so caching changes nothing.
import { createCipheriv } from 'node:crypto';
import { hlsSegmentPlain, hlsStreams, LESSON_STREAM_DIR, MULTI_STREAM_DIR, type HlsSegment, type HlsStream, type HlsVariant } from '../data.js';
import { sha256Hex } from '../prng.js';
import { file, reply, type Reply, type Route } from '../reply.js';

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';
const LAST_MODIFIED = new Date(Date.UTC(2022, 2, 18, 12, 0, 0)).toUTCString();

function masterPlaylist(stream: HlsStream): string {
  const lines = ['#EXTM3U'];
  for (const v of stream.variants) {
    lines.push(
      stream.name === 'lesson'
        ? `#EXT-X-STREAM-INF:PROGRAM-ID=1,BANDWIDTH=${v.bandwidth},RESOLUTION=${v.resolution}`
        : `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},RESOLUTION=${v.resolution},CODECS="${v.codecs}"`,
      v.uri,
    );
  }
  return `${lines.join('\n')}\n`;
}

function hex(bytes: Buffer): string {
  return `0x${bytes.toString('hex')}`;
}

function mediaPlaylist(variant: HlsVariant): string {
  const target = Math.ceil(Math.max(...variant.segments.map((s) => s.duration)));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-PLAYLIST-TYPE:VOD', `#EXT-X-MEDIA-SEQUENCE:${variant.mediaSequence}`];
  let keyIndex = -1;
  for (const segment of variant.segments) {
    if (segment.keyIndex !== keyIndex) {
      keyIndex = segment.keyIndex;
      const key = variant.keys[keyIndex];
      if (!key) throw new Error(`variant ${variant.name} has no key ${keyIndex}`);
      lines.push(`#EXT-X-KEY:METHOD=AES-128,URI="${key.uri}"${segment.explicitIv ? `,IV=${hex(segment.iv)}` : ''}`);
    }
    lines.push(`#EXTINF:${segment.duration.toFixed(6)},`, segment.uri);
  }
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

type Entry = { kind: 'text'; body: string } | { kind: 'key'; bytes: Buffer } | { kind: 'segment'; variant: HlsVariant; segment: HlsSegment };

let table: Map<string, Entry> | undefined;
const encrypted = new Map<string, { bytes: Buffer; etag: string }>();

function entries(): Map<string, Entry> {
  if (table) return table;
  table = new Map();
  for (const stream of hlsStreams()) {
    table.set(stream.masterPath, { kind: 'text', body: masterPlaylist(stream) });
    for (const variant of stream.variants) {
      table.set(variant.playlistPath, { kind: 'text', body: mediaPlaylist(variant) });
      for (const key of variant.keys) table.set(key.path, { kind: 'key', bytes: key.bytes });
      for (const segment of variant.segments) table.set(segment.path, { kind: 'segment', variant, segment });
    }
  }
  return table;
}

function encryptedSegment(variant: HlsVariant, segment: HlsSegment): { bytes: Buffer; etag: string } {
  let cached = encrypted.get(segment.path);
  if (!cached) {
    const key = variant.keys[segment.keyIndex];
    if (!key) throw new Error(`segment ${segment.path} has no key`);
    const cipher = createCipheriv('aes-128-cbc', key.bytes, segment.iv);
    const bytes = Buffer.concat([cipher.update(hlsSegmentPlain(segment)), cipher.final()]);
    cached = { bytes, etag: sha256Hex(bytes).slice(0, 32) };
    encrypted.set(segment.path, cached);
  }
  return cached;
}

function serve(path: string): Reply | undefined {
  const entry = entries().get(path);
  if (!entry) return undefined;
  switch (entry.kind) {
    case 'text':
      return reply(200, PLAYLIST_TYPE, entry.body, { 'cache-control': 'no-cache' });
    case 'key':
      return reply(200, 'application/octet-stream', entry.bytes);
    case 'segment': {
      const { bytes, etag } = encryptedSegment(entry.variant, entry.segment);
      return file(bytes, 'video/mp2t', etag, LAST_MODIFIED);
    }
  }
}

export const hlsRoutes: readonly Route[] = [LESSON_STREAM_DIR, MULTI_STREAM_DIR].map((dir) => ({
  prefix: dir,
  matches: (p: string) => p.startsWith(dir),
  handle: (r) => serve(r.path),
}));
