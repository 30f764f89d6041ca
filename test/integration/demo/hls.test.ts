import { execFileSync, spawnSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsSegmentPlain, hlsStream, hlsVariantPlain, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { sha256 } from './helpers.js';

let server: DemoServer;
let scratch: string;
beforeAll(async () => {
  server = await startDemoServer();
  scratch = mkdtempSync(join(tmpdir(), 'trawl-demo-hls-'));
});
afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const hasFfprobe = spawnSync('which', ['ffprobe']).status === 0;

interface KeyTag { method: string; uri: string; iv?: string }
interface MediaSegment { uri: string; url: string; sequence: number; key: KeyTag; keyUrl: string }

async function get(url: string): Promise<Response> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return res;
}

function attributes(list: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) out[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return out;
}

/** A deliberately small reader of the playlists this server writes (the real parser lives in src/hls). */
function readMedia(text: string, playlistUrl: string): { mediaSequence: number; keys: KeyTag[]; segments: MediaSegment[] } {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  expect(lines[0]).toBe('#EXTM3U');
  expect(lines.at(-1)).toBe('#EXT-X-ENDLIST');
  const mediaSequence = Number(/^#EXT-X-MEDIA-SEQUENCE:(\d+)$/m.exec(text)?.[1] ?? 0);
  const keys: KeyTag[] = [];
  const segments: MediaSegment[] = [];
  let key: KeyTag | undefined;
  for (const line of lines) {
    if (line.startsWith('#EXT-X-KEY:')) {
      const attrs = attributes(line.slice('#EXT-X-KEY:'.length));
      key = { method: attrs.METHOD!, uri: attrs.URI!, ...(attrs.IV ? { iv: attrs.IV } : {}) };
      keys.push(key);
    } else if (!line.startsWith('#')) {
      expect(key).toBeDefined();
      segments.push({ uri: line, url: new URL(line, playlistUrl).href, sequence: mediaSequence + segments.length, key: key!, keyUrl: new URL(key!.uri, playlistUrl).href });
    }
  }
  return { mediaSequence, keys, segments };
}

function readMaster(text: string, masterUrl: string): { inf: Record<string, string>; uri: string; url: string }[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  expect(lines[0]).toBe('#EXTM3U');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('#EXT-X-STREAM-INF:')) {
      const uri = lines[i + 1]!;
      out.push({ inf: attributes(lines[i]!.slice('#EXT-X-STREAM-INF:'.length)), uri, url: new URL(uri, masterUrl).href });
    }
  }
  return out;
}

function ivFor(segment: MediaSegment): Buffer {
  if (segment.key.iv) return Buffer.from(segment.key.iv.replace(/^0x/i, ''), 'hex');
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(segment.sequence, 12); // RFC 8216 §5.2: the media sequence number as a 128-bit big-endian integer
  return iv;
}

async function download(playlistUrl: string) {
  const res = await get(playlistUrl);
  expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
  const media = readMedia(await res.text(), playlistUrl);
  const keyBytes = new Map<string, Buffer>();
  const plain: Buffer[] = [];
  for (const segment of media.segments) {
    expect(segment.key.method).toBe('AES-128');
    if (!keyBytes.has(segment.keyUrl)) {
      const keyRes = await get(segment.keyUrl);
      expect(keyRes.headers.get('content-type')).toBe('application/octet-stream');
      keyBytes.set(segment.keyUrl, Buffer.from(await keyRes.arrayBuffer()));
    }
    const key = keyBytes.get(segment.keyUrl)!;
    expect(key).toHaveLength(16);
    const encrypted = Buffer.from(await (await get(segment.url)).arrayBuffer());
    expect(encrypted.length % 16).toBe(0);
    const decipher = createDecipheriv('aes-128-cbc', key, ivFor(segment));
    plain.push(Buffer.concat([decipher.update(encrypted), decipher.final()]));
  }
  return { ...media, keyBytes, plain };
}

function expectTransportStream(bytes: Buffer): void {
  expect(bytes.length % 188).toBe(0);
  for (let at = 0; at < bytes.length; at += 188) expect(bytes[at]).toBe(0x47);
}

describe('HLS: the lesson stream', () => {
  it('has a master with one STREAM-INF (PROGRAM-ID, BANDWIDTH, RESOLUTION) and one URI line', async () => {
    const stream = hlsStream('lesson');
    const masterUrl = `${server.url}${stream.masterPath}`;
    const text = await (await get(masterUrl)).text();
    const variants = readMaster(text, masterUrl);
    expect(variants).toHaveLength(1);
    expect(text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'))).toEqual([variants[0]!.uri]);
    expect(variants[0]!.inf).toMatchObject({ 'PROGRAM-ID': '1', RESOLUTION: '320x180' });
    expect(Number(variants[0]!.inf.BANDWIDTH)).toBeGreaterThan(0);
    expect(variants[0]!.uri).toMatch(/^\/\d{8}\/\w+\/1000kb\/hls\/index\.m3u8$/);
  });

  it('decrypts, key.key and IV = media sequence number, to the committed plain segments', async () => {
    const stream = hlsStream('lesson');
    const variant = stream.variants[0]!;
    const result = await download(`${server.url}${variant.playlistPath}`);
    expect(result.keys).toHaveLength(1);
    expect(result.keys[0]!.uri).toMatch(/key\.key$/);
    expect(result.keys[0]!.iv).toBeUndefined();
    expect(result.segments.length).toBeGreaterThanOrEqual(6);
    result.plain.forEach(expectTransportStream);
    expect(sha256(Buffer.concat(result.plain))).toBe(variant.plainSha256);
  });
});

describe('HLS: the three-variant stream', () => {
  it('lists three variants with different resolutions, by relative and root-relative URIs', async () => {
    const stream = hlsStream('multi');
    const masterUrl = `${server.url}${stream.masterPath}`;
    const variants = readMaster(await (await get(masterUrl)).text(), masterUrl);
    expect(variants).toHaveLength(3);
    expect(new Set(variants.map((v) => v.inf.RESOLUTION)).size).toBe(3);
    expect(variants.some((v) => v.uri.startsWith('/'))).toBe(true);
    expect(variants.some((v) => !v.uri.startsWith('/'))).toBe(true);
    expect(variants.map((v) => new URL(v.url).pathname)).toEqual(stream.variants.map((v) => v.playlistPath));
  });

  it('decrypts every variant to its plain concatenation, segment by segment', async () => {
    for (const variant of hlsStream('multi').variants) {
      const result = await download(`${server.url}${variant.playlistPath}`);
      expect(result.segments.map((s) => new URL(s.url).pathname)).toEqual(variant.segments.map((s) => s.path));
      result.plain.forEach((bytes, i) => expect(bytes.equals(hlsSegmentPlain(variant.segments[i]!))).toBe(true));
      expect(sha256(Buffer.concat(result.plain))).toBe(variant.plainSha256);
      expect(hlsVariantPlain(variant).length).toBe(variant.plainBytes);
    }
  });

  it('uses an explicit IV in one variant, IVs implied by a non-zero media sequence in another, and key rotation in the third', async () => {
    const [low, mid, high] = hlsStream('multi').variants;
    const lowMedia = await download(`${server.url}${low!.playlistPath}`);
    expect(lowMedia.keys).toHaveLength(1);
    expect(lowMedia.keys[0]!.iv).toMatch(/^0x[0-9a-f]{32}$/i);

    const midMedia = await download(`${server.url}${mid!.playlistPath}`);
    expect(midMedia.mediaSequence).toBeGreaterThan(0);
    expect(midMedia.keys).toHaveLength(1);
    expect(midMedia.keys[0]!.iv).toBeUndefined();
    // The IV matters: decrypting with a zero IV spoils the first block.
    const encrypted = Buffer.from(await (await get(midMedia.segments[0]!.url)).arrayBuffer());
    const wrong = createDecipheriv('aes-128-cbc', midMedia.keyBytes.get(midMedia.segments[0]!.keyUrl)!, Buffer.alloc(16)).update(encrypted);
    expect(wrong.subarray(0, 16).equals(midMedia.plain[0]!.subarray(0, 16))).toBe(false);

    const highMedia = await download(`${server.url}${high!.playlistPath}`);
    expect(highMedia.keys).toHaveLength(2);
    expect(new Set(highMedia.segments.map((s) => s.keyUrl)).size).toBe(2);
    expect([...highMedia.keyBytes.values()][0]!.equals([...highMedia.keyBytes.values()][1]!)).toBe(false);
    expect(highMedia.segments[0]!.keyUrl).not.toBe(highMedia.segments.at(-1)!.keyUrl);
  });

  it('writes segment and key URIs both relative and root-relative', async () => {
    const uris: string[] = [];
    for (const variant of hlsStream('multi').variants) {
      const text = await (await get(`${server.url}${variant.playlistPath}`)).text();
      const media = readMedia(text, `${server.url}${variant.playlistPath}`);
      uris.push(...media.segments.map((s) => s.uri), ...media.keys.map((k) => k.uri));
    }
    expect(uris.some((u) => u.startsWith('/'))).toBe(true);
    expect(uris.some((u) => !u.startsWith('/') && !u.startsWith('..'))).toBe(true);
    expect(uris.some((u) => u.startsWith('../'))).toBe(true);
  });
});

describe('HLS: segments are real H.264 transport streams', () => {
  it('decrypts to MPEG-TS that ffprobe reads as h264 at the advertised resolution (when ffprobe is installed)', async () => {
    const variants = [...hlsStream('lesson').variants, ...hlsStream('multi').variants];
    for (const variant of variants) {
      const { plain } = await download(`${server.url}${variant.playlistPath}`);
      const segment = plain[1]!;
      expectTransportStream(segment);
      if (!hasFfprobe) continue;
      const path = join(scratch, `${variant.name}.ts`);
      writeFileSync(path, segment);
      const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', path], { encoding: 'utf8' });
      const [width, height] = variant.resolution.split('x');
      expect(out.trim().split('\n')[0]).toBe(`h264,${width},${height}`);
    }
  });
});
