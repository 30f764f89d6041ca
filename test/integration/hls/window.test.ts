// The reorder window: memory stays bounded because segments too far ahead of the one the writer
// waits for do not start, however many connections are free.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadHls } from '../../../src/hls/index.js';
import { fixtureServer, m3u8, tempDir, tsBytes } from './helpers.js';

const dir = tempDir();

describe('the reorder window', () => {
  it('starts no segment beyond the byte window while the first one stalls, then finishes in order', async () => {
    const count = 20;
    const segments = Array.from({ length: count }, (_, index) => tsBytes(100, index + 1)); // 18.8 KB each
    let firstAnsweredAt = Number.POSITIVE_INFINITY;
    const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2'];
    for (let index = 0; index < count; index++) lines.push('#EXTINF:2,', `s${index}.ts`);
    lines.push('#EXT-X-ENDLIST');
    const files: Parameters<typeof fixtureServer>[0] = {
      // BANDWIDTH x EXTINF sizes the segments (75 kbit/s x 2 s = 18.75 KB) before any has arrived.
      '/w/master.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-STREAM-INF:BANDWIDTH=75000', 'index.m3u8') },
      '/w/index.m3u8': { body: m3u8(...lines) },
    };
    segments.forEach((body, index) => {
      files[`/w/s${index}.ts`] = (_hit, _req, res) => {
        if (index !== 0) return { body };
        setTimeout(() => {
          firstAnsweredAt = Date.now();
          res.writeHead(200, { 'content-length': String(body.length) });
          res.end(body);
        }, 400);
        return null;
      };
    });
    const server = await fixtureServer(files);
    const output = join(dir, 'window.ts');
    // 64 KiB of window with 18.8 KB segments: the stalled first one and at most two behind it,
    // though eight connections are free.
    await downloadHls({ url: `${server.url}/w/master.m3u8`, output, concurrency: 8, maxBufferBytes: 64 * 1024 });
    expect(readFileSync(output).equals(Buffer.concat(segments))).toBe(true);
    const early = server.log.filter((entry) => entry.path.startsWith('/w/s') && entry.at < firstAnsweredAt);
    expect(early.map((entry) => entry.path).sort()).toEqual(['/w/s0.ts', '/w/s1.ts', '/w/s2.ts']);
  });

  it('with a roomy window keeps every connection busy while the first segment stalls', async () => {
    const count = 12;
    const segments = Array.from({ length: count }, (_, index) => tsBytes(50, index + 1));
    let firstAnsweredAt = Number.POSITIVE_INFINITY;
    const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2'];
    for (let index = 0; index < count; index++) lines.push('#EXTINF:2,', `s${index}.ts`);
    lines.push('#EXT-X-ENDLIST');
    const files: Parameters<typeof fixtureServer>[0] = { '/w/index.m3u8': { body: m3u8(...lines) } };
    segments.forEach((body, index) => {
      files[`/w/s${index}.ts`] = (_hit, _req, res) => {
        if (index !== 0) return { body };
        setTimeout(() => {
          firstAnsweredAt = Date.now();
          res.writeHead(200, { 'content-length': String(body.length) });
          res.end(body);
        }, 400);
        return null;
      };
    });
    const server = await fixtureServer(files);
    const output = join(dir, 'busy.ts');
    await downloadHls({ url: `${server.url}/w/index.m3u8`, output, concurrency: 4 });
    expect(readFileSync(output).equals(Buffer.concat(segments))).toBe(true);
    // All the others were fetched while the first one was still on its way.
    const early = server.log.filter((entry) => entry.path.startsWith('/w/s') && entry.at < firstAnsweredAt);
    expect(early).toHaveLength(count);
  });
});
