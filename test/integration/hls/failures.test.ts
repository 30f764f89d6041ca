// Never skip silently: expired tokens, segments that fail for a while or for good, bodies cut
// short, wrong keys and encryption trawl cannot undo.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncryptedStreamError, IntegrityError } from '../../../src/errors/index.js';
import { downloadHls, SegmentError, statePathFor } from '../../../src/hls/index.js';
import { encrypt, fixtureServer, m3u8, sequenceIv, tempDir, tsBytes } from './helpers.js';

const dir = tempDir();
const KEY = Buffer.alloc(16, 0x42);
const SEGMENTS = 6;
const plain = Array.from({ length: SEGMENTS }, (_, index) => tsBytes(20 + index, index + 1));

/** A six-segment AES-128 stream (IV = sequence number) under /s/, with `segment` to override answers. */
function stream(options: { query?: (hit: number) => string; segment?: (index: number, query: string, hit: number) => 'ok' | 403 | 404 | 'short' } = {}) {
  const files: Parameters<typeof fixtureServer>[0] = {
    '/s/index.m3u8': (hit) => {
      const query = options.query?.(hit) ?? '';
      const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"'];
      for (let index = 0; index < SEGMENTS; index++) lines.push('#EXTINF:4.0,', `seg${index}.ts${query}`);
      lines.push('#EXT-X-ENDLIST');
      return { body: m3u8(...lines) };
    },
    '/s/key.bin': { body: KEY },
  };
  for (const query of ['', '?token=A', '?token=B']) {
    for (let index = 0; index < SEGMENTS; index++) {
      const body = encrypt(plain[index]!, KEY, sequenceIv(index));
      files[`/s/seg${index}.ts${query}`] = (hit, _req, res) => {
        const answer = options.segment?.(index, query, hit) ?? 'ok';
        if (answer === 403 || answer === 404) {
          res.writeHead(answer, { 'content-type': 'text/plain' });
          res.end('no');
          return undefined;
        }
        if (answer === 'short') {
          res.writeHead(200, { 'content-length': String(body.length) });
          res.write(body.subarray(0, 100));
          setTimeout(() => res.socket?.destroy(), 10);
          return undefined;
        }
        return { body };
      };
    }
  }
  return fixtureServer(files);
}

describe('segments that fail', () => {
  it('re-fetches the playlist once after a 403 and goes on with the fresh URIs', async () => {
    const server = await stream({
      query: (hit) => (hit === 1 ? '?token=A' : '?token=B'),
      segment: (index, query) => (query === '?token=A' && index >= 3 ? 403 : 'ok'),
    });
    const output = join(dir, 'token.ts');
    const result = await downloadHls({ url: `${server.url}/s/index.m3u8`, output, concurrency: 2 });
    expect(readFileSync(output).equals(Buffer.concat(plain))).toBe(true);
    expect(server.hits.get('/s/index.m3u8')).toBe(2);
    expect(server.hits.get('/s/seg3.ts?token=A')).toBe(1);
    for (let index = 3; index < SEGMENTS; index++) {
      // Segments started after the refresh go straight to the fresh URIs.
      expect(server.hits.get(`/s/seg${index}.ts?token=A`) ?? 0).toBeLessThanOrEqual(1);
      expect(server.hits.get(`/s/seg${index}.ts?token=B`)).toBe(1);
    }
    expect(result.gaps).toEqual([]);
  });

  it('retries a body cut short of its Content-Length', async () => {
    const server = await stream({ segment: (index, _query, hit) => (index === 2 && hit === 1 ? 'short' : 'ok') });
    const output = join(dir, 'short.ts');
    await downloadHls({ url: `${server.url}/s/index.m3u8`, output });
    expect(readFileSync(output).equals(Buffer.concat(plain))).toBe(true);
    expect(server.hits.get('/s/seg2.ts')).toBe(2);
  });

  it('tries a failed segment again after the others, and stops naming it when it fails for good', async () => {
    const server = await stream({ segment: (index) => (index === 3 ? 404 : 'ok') });
    const output = join(dir, 'broken.ts');
    const error = await downloadHls({ url: `${server.url}/s/index.m3u8`, output, concurrency: 2 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SegmentError);
    const message = (error as Error).message;
    expect(message).toMatch(/^segment 4\/6 \(media sequence 3\) failed: HTTP 404: /);
    expect(message).toContain(`${server.url}/s/seg3.ts`);
    expect(server.hits.get('/s/seg3.ts')).toBe(2);
    // What was written in order before the failure stays in the part, with the state to resume
    // from; the output's own name does not appear until the download is whole.
    expect(existsSync(output)).toBe(false);
    expect(readFileSync(`${output}.part`).equals(Buffer.concat(plain.slice(0, 3)))).toBe(true);
    expect(JSON.parse(readFileSync(statePathFor(output), 'utf8'))).toMatchObject({ written: 3, nextSequence: 3 });
  });

  it('with allowGaps, skips a segment that fails for good and writes a gap report', async () => {
    const server = await stream({ segment: (index) => (index === 3 ? 404 : 'ok') });
    const output = join(dir, 'gappy.ts');
    const result = await downloadHls({ url: `${server.url}/s/index.m3u8`, output, allowGaps: true });
    expect(readFileSync(output).equals(Buffer.concat([...plain.slice(0, 3), ...plain.slice(4)]))).toBe(true);
    expect(result.gaps).toHaveLength(1);
    expect(result.gaps[0]).toMatchObject({ track: 'main', segment: 4, firstSequence: 3, lastSequence: 3, url: `${server.url}/s/seg3.ts`, startSeconds: 12, durationSeconds: 4 });
    expect(result.gaps[0]!.reason).toMatch(/HTTP 404/);
    expect(result.gapReport).toBe(`${output}.gaps.json`);
    const report = JSON.parse(readFileSync(`${output}.gaps.json`, 'utf8'));
    expect(report.gaps).toEqual(result.gaps);
    expect(result.extinfSeconds).toBe(20);
    expect(existsSync(statePathFor(output))).toBe(false);
  });
});

describe('keys', () => {
  it('stops at the first segment a wrong --key turns into noise, naming it and asking "wrong key?"', async () => {
    const server = await stream();
    const output = join(dir, 'wrong-key.ts');
    const error = await downloadHls({ url: `${server.url}/s/index.m3u8`, output, key: Buffer.alloc(16, 0x99), concurrency: 2 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrityError);
    expect((error as Error).message).toMatch(/segment \d\/6 \(media sequence \d\): not MPEG-TS after decryption \(no sync byte 0x47 at offset 0\) — wrong key\?/);
    // Stopped at once: no second pass over segments a wrong key cannot fix.
    const segmentHits = [...server.hits].filter(([path]) => path.startsWith('/s/seg')).reduce((sum, [, n]) => sum + n, 0);
    expect(segmentHits).toBeLessThanOrEqual(SEGMENTS);
    expect(server.hits.get('/s/key.bin')).toBeUndefined();
  });

  it('decrypts with the --key and --iv overrides when they are right', async () => {
    const iv = Buffer.alloc(16, 0x07);
    const server = await fixtureServer({
      '/o/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-KEY:METHOD=AES-128,URI="nowhere.key"', '#EXTINF:2,', 'a.ts', '#EXTINF:2,', 'b.ts', '#EXT-X-ENDLIST') },
      '/o/a.ts': { body: encrypt(plain[0]!, KEY, iv) },
      '/o/b.ts': { body: encrypt(plain[1]!, KEY, iv) },
    });
    const output = join(dir, 'override.ts');
    await downloadHls({ url: `${server.url}/o/index.m3u8`, output, key: KEY.toString('hex'), iv });
    expect(readFileSync(output).equals(Buffer.concat(plain.slice(0, 2)))).toBe(true);
    expect(server.hits.get('/o/nowhere.key')).toBeUndefined();
  });

  it.each([
    ['SAMPLE-AES', '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://key",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"', /line 3: the stream is encrypted with METHOD=SAMPLE-AES \(KEYFORMAT "com\.apple\.streamingkeydelivery"\), which needs a DRM client/],
    ['SAMPLE-AES-CTR', '#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,URI="skd://key"', /line 3: the stream is encrypted with METHOD=SAMPLE-AES-CTR, which needs a DRM client/],
    ['AES-128 with a DRM key format only', '#EXT-X-KEY:METHOD=AES-128,URI="data:x",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"', /line 3: the stream is encrypted with METHOD=AES-128 \(KEYFORMAT "urn:uuid:.*"\)/],
  ])('refuses %s before fetching any segment, naming the scheme and the playlist line, and writes nothing', async (_, keyTag, message) => {
    const server = await fixtureServer({
      '/d/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', keyTag, '#EXTINF:2,', 'a.ts', '#EXT-X-ENDLIST') },
      '/d/a.ts': { body: plain[0]! },
    });
    const output = join(dir, 'drm.ts');
    const error = await downloadHls({ url: `${server.url}/d/index.m3u8`, output }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EncryptedStreamError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.startsWith(`${server.url}/d/index.m3u8 line 3:`)).toBe(true);
    expect(server.hits.get('/d/a.ts')).toBeUndefined();
    expect(existsSync(output)).toBe(false);
    expect(existsSync(`${output}.part`)).toBe(false);
  });
});

describe('request behaviour', () => {
  it('re-fetches the playlist when the key URL has expired (403) and takes the fresh key URI', async () => {
    const body = (index: number): Buffer => encrypt(plain[index]!, KEY, sequenceIv(index));
    const server = await fixtureServer({
      '/t/index.m3u8': (hit) => ({
        body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', `#EXT-X-KEY:METHOD=AES-128,URI="key.bin?token=${hit === 1 ? 'old' : 'new'}"`, '#EXTINF:4,', 's0.ts', '#EXTINF:4,', 's1.ts', '#EXT-X-ENDLIST'),
      }),
      '/t/key.bin?token=old': (_hit, _req, res) => {
        res.writeHead(403);
        res.end();
        return undefined;
      },
      '/t/key.bin?token=new': { body: KEY },
      '/t/s0.ts': { body: body(0) },
      '/t/s1.ts': { body: body(1) },
    });
    const output = join(dir, 'key-token.ts');
    await downloadHls({ url: `${server.url}/t/index.m3u8`, output });
    expect(readFileSync(output).equals(Buffer.concat(plain.slice(0, 2)))).toBe(true);
    expect(server.hits.get('/t/index.m3u8')).toBe(2);
    expect(server.hits.get('/t/key.bin?token=new')).toBe(1);
  });

  it('sends the given headers and keeps the cookies the server sets', async () => {
    const server = await fixtureServer({
      '/c/index.m3u8': (_hit, req, res) => {
        if (req.headers.referer !== 'https://site.test/') return undefined;
        res.setHeader('set-cookie', 'session=s3cr3t; Path=/');
        return { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXT-X-ENDLIST') };
      },
      '/c/a.ts': (_hit, req) => (req.headers.cookie === 'pref=1; session=s3cr3t' ? { body: plain[0]! } : undefined),
    });
    const output = join(dir, 'cookies.ts');
    await downloadHls({ url: `${server.url}/c/index.m3u8`, output, headers: { referer: 'https://site.test/', cookie: 'pref=1' } });
    expect(readFileSync(output).equals(plain[0]!)).toBe(true);
  });

  it('retries a 503 with Retry-After as often as `retries` allows', async () => {
    const answer = (fails: number) => (hit: number, _req: unknown, res: import('node:http').ServerResponse) => {
      if (hit <= fails) {
        res.writeHead(503, { 'retry-after': '0' });
        res.end();
        return undefined;
      }
      return { body: plain[0]! };
    };
    const playlist = { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXT-X-ENDLIST') };
    const ok = await fixtureServer({ '/r/index.m3u8': playlist, '/r/a.ts': answer(2) });
    await downloadHls({ url: `${ok.url}/r/index.m3u8`, output: join(dir, 'retry-ok.ts'), retries: 2 });
    expect(ok.hits.get('/r/a.ts')).toBe(3);
    const short = await fixtureServer({ '/r/index.m3u8': playlist, '/r/a.ts': answer(5) });
    const error = await downloadHls({ url: `${short.url}/r/index.m3u8`, output: join(dir, 'retry-fail.ts'), retries: 1 }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/segment 1\/1 \(media sequence 0\) failed: HTTP 503/);
    // Two attempts in the first pass, two in the final sweep.
    expect(short.hits.get('/r/a.ts')).toBe(4);
  });
});
