// EXT-X-MAP (RFC 8216 4.3.2.5) and EXT-X-BYTERANGE (4.3.2.2): init sections written before the
// segments they apply to and again whenever they change; sub-ranges of one resource, encrypted
// one by one; a server that ignores Range.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadHls } from '../../../src/hls/index.js';
import { encrypt, fixtureServer, m3u8, sequenceIv, tempDir, tsBytes } from './helpers.js';

const dir = tempDir();

// main.mp4 = init (100 bytes) + A (1000) + B (900) + C (1100); the ad has its own init and two parts.
const init1 = Buffer.alloc(100, 0x11);
const a = Buffer.alloc(1000, 0xa1);
const b = Buffer.alloc(900, 0xb2);
const c = Buffer.alloc(1100, 0xc3);
const init2 = Buffer.alloc(50, 0x22);
const ad1 = Buffer.alloc(700, 0xd4);
const ad2 = Buffer.alloc(600, 0xe5);

const fmp4Playlist = m3u8(
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-TARGETDURATION:6',
  '#EXT-X-MEDIA-SEQUENCE:100',
  '#EXT-X-MAP:URI="main.mp4",BYTERANGE="100@0"',
  '#EXTINF:6.000,',
  '#EXT-X-BYTERANGE:1000@100',
  'main.mp4',
  '#EXTINF:6.000,',
  '#EXT-X-BYTERANGE:900',
  'main.mp4',
  '#EXT-X-DISCONTINUITY',
  '#EXT-X-MAP:URI="ad/init.mp4"',
  '#EXTINF:5.005,',
  'ad/seg1.m4s',
  '#EXTINF:5.005,',
  'ad/seg2.m4s',
  '#EXT-X-DISCONTINUITY',
  '#EXT-X-MAP:URI="main.mp4",BYTERANGE="100@0"',
  '#EXTINF:6.000,',
  '#EXT-X-BYTERANGE:1100@2000',
  'main.mp4',
  '#EXT-X-ENDLIST',
);

function fmp4Files() {
  return {
    '/v/index.m3u8': { body: fmp4Playlist },
    '/v/main.mp4': { body: Buffer.concat([init1, a, b, c]) },
    '/v/ad/init.mp4': { body: init2 },
    '/v/ad/seg1.m4s': { body: ad1 },
    '/v/ad/seg2.m4s': { body: ad2 },
  };
}

const expected = Buffer.concat([init1, a, b, init2, ad1, ad2, init1, c]);

describe('EXT-X-MAP and EXT-X-BYTERANGE', () => {
  it('writes each init section before its segments and again when it changes back, taking byte ranges', async () => {
    const server = await fixtureServer(fmp4Files());
    const output = join(dir, 'fmp4.bin');
    const result = await downloadHls({ url: `${server.url}/v/index.m3u8`, output, concurrency: 4 });
    expect(readFileSync(output).equals(expected)).toBe(true);
    expect(result.segments).toBe(5);
    // The init section of main.mp4 is fetched once though written twice.
    const ranges = server.log.filter((entry) => entry.path === '/v/main.mp4').map((entry) => entry.headers.range);
    expect(ranges.filter((range) => range === 'bytes=0-99')).toHaveLength(1);
    expect(ranges.sort()).toEqual(['bytes=0-99', 'bytes=100-1099', 'bytes=1100-1999', 'bytes=2000-3099']);
  });

  it('cuts the range out of the whole body when the server ignores Range', async () => {
    const server = await fixtureServer(fmp4Files(), { ignoreRange: true });
    const output = join(dir, 'fmp4-norange.bin');
    await downloadHls({ url: `${server.url}/v/index.m3u8`, output, concurrency: 2 });
    expect(readFileSync(output).equals(expected)).toBe(true);
  });

  it('decrypts byte-range segments of one file, each encrypted on its own with its sequence IV', async () => {
    const key = Buffer.alloc(16, 0x5a);
    const plain = [0, 1, 2, 3, 4].map((index) => tsBytes(10 + index, index + 1));
    const encrypted = plain.map((bytes, index) => encrypt(bytes, key, sequenceIv(40 + index)));
    const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:40', '#EXT-X-KEY:METHOD=AES-128,URI="/k/key.bin"'];
    let offset = 0;
    for (const part of encrypted) {
      lines.push('#EXTINF:2.0,', `#EXT-X-BYTERANGE:${part.length}@${offset}`, 'all.ts');
      offset += part.length;
    }
    lines.push('#EXT-X-ENDLIST');
    const server = await fixtureServer({
      '/s/index.m3u8': { body: m3u8(...lines) },
      '/s/all.ts': { body: Buffer.concat(encrypted) },
      '/k/key.bin': { body: key },
    });
    const output = join(dir, 'ranges.ts');
    const result = await downloadHls({ url: `${server.url}/s/index.m3u8`, output });
    expect(readFileSync(output).equals(Buffer.concat(plain))).toBe(true);
    expect(server.hits.get('/k/key.bin')).toBe(1);
    expect(result.extinfSeconds).toBe(10);
  });

  it('resolves segment URIs against the playlist\'s final URL after a redirect', async () => {
    const server = await fixtureServer({
      '/old/index.m3u8': (_hit, _req, res) => {
        res.writeHead(302, { location: '/new/path/index.m3u8' });
        res.end();
        return undefined;
      },
      '/new/path/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXTINF:2,', '../b.ts', '#EXT-X-ENDLIST') },
      '/new/path/a.ts': { body: tsBytes(2, 1) },
      '/new/b.ts': { body: tsBytes(2, 2) },
    });
    const output = join(dir, 'redirected.ts');
    await downloadHls({ url: `${server.url}/old/index.m3u8`, output });
    expect(readFileSync(output).equals(Buffer.concat([tsBytes(2, 1), tsBytes(2, 2)]))).toBe(true);
  });

  it('passes clear segments through untouched when METHOD=NONE follows an encrypted part', async () => {
    const key = Buffer.alloc(16, 3);
    const one = tsBytes(4, 1);
    const two = tsBytes(5, 2);
    const server = await fixtureServer({
      '/m/index.m3u8': {
        body: m3u8(
          '#EXTM3U', '#EXT-X-TARGETDURATION:2',
          '#EXT-X-KEY:METHOD=AES-128,URI="k.bin",IV=0x000102030405060708090a0b0c0d0e0f', '#EXTINF:2,', 'one.ts',
          '#EXT-X-KEY:METHOD=NONE', '#EXTINF:2,', 'two.ts', '#EXT-X-ENDLIST',
        ),
      },
      '/m/k.bin': { body: key },
      '/m/one.ts': { body: encrypt(one, key, Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex')) },
      '/m/two.ts': { body: two },
    });
    const output = join(dir, 'mixed.ts');
    await downloadHls({ url: `${server.url}/m/index.m3u8`, output });
    expect(readFileSync(output).equals(Buffer.concat([one, two]))).toBe(true);
  });
});
