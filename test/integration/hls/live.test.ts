// Live and EVENT playlists (RFC 8216 6.3.4): reloads, deduplication by media sequence number,
// segments that expire before they could be fetched reported as gaps, ENDLIST and --duration.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadHls, type HlsEvent } from '../../../src/hls/index.js';
import { TypedEmitter } from '../../../src/util/emitter.js';
import { fixtureServer, m3u8, tempDir, tsBytes } from './helpers.js';

const dir = tempDir();
const plain = Array.from({ length: 12 }, (_, index) => tsBytes(8 + index, index + 1));

/** A sliding window of 3 one-second segments; on the 4th load it jumps past 5 and 6; the 5th ends. */
const WINDOWS: readonly (readonly [number, boolean])[] = [
  [0, false],
  [1, false],
  [2, false],
  [7, false],
  [8, true],
];

function liveServer() {
  const files: Parameters<typeof fixtureServer>[0] = {
    '/live/index.m3u8': (hit) => {
      const [first, ended] = WINDOWS[Math.min(hit, WINDOWS.length) - 1]!;
      const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${first}`];
      for (let sequence = first; sequence < first + 3; sequence++) lines.push('#EXTINF:1.0,', `s${sequence}.ts`);
      if (ended) lines.push('#EXT-X-ENDLIST');
      return { body: m3u8(...lines) };
    },
  };
  plain.forEach((bytes, sequence) => {
    files[`/live/s${sequence}.ts`] = { body: bytes };
  });
  return fixtureServer(files);
}

describe('live recording', () => {
  it('follows the playlist until ENDLIST, each segment once, and reports the ones that expired unseen', async () => {
    const server = await liveServer();
    const events = new TypedEmitter<HlsEvent>();
    const gaps: HlsEvent[] = [];
    events.on((event) => event.type === 'gap' && gaps.push(event));
    const output = join(dir, 'live.ts');
    const result = await downloadHls({ url: `${server.url}/live/index.m3u8`, output, live: true, events });
    const recorded = [0, 1, 2, 3, 4, 7, 8, 9, 10];
    expect(readFileSync(output).equals(Buffer.concat(recorded.map((sequence) => plain[sequence]!)))).toBe(true);
    for (const sequence of recorded) expect(server.hits.get(`/live/s${sequence}.ts`)).toBe(1);
    expect(server.hits.get('/live/index.m3u8')).toBe(5);
    expect(result.live).toBe(true);
    expect(result.gaps).toHaveLength(1);
    expect(result.gaps[0]).toMatchObject({ firstSequence: 5, lastSequence: 6, startSeconds: 5, reason: expect.stringMatching(/expired/) });
    expect(gaps).toHaveLength(1);
    expect(JSON.parse(readFileSync(`${output}.gaps.json`, 'utf8')).gaps).toHaveLength(1);
  });

  it('stops after --duration seconds of media', async () => {
    const server = await liveServer();
    const output = join(dir, 'live-duration.ts');
    const result = await downloadHls({ url: `${server.url}/live/index.m3u8`, output, live: true, duration: 2 });
    expect(readFileSync(output).equals(Buffer.concat(plain.slice(0, 2)))).toBe(true);
    expect(result.extinfSeconds).toBe(2);
    expect(server.hits.get('/live/index.m3u8')).toBe(1);
  });

  it('without live, downloads what a playlist without ENDLIST lists now, with a warning suggesting it', async () => {
    const server = await liveServer();
    const events = new TypedEmitter<HlsEvent>();
    const warnings: string[] = [];
    events.on((event) => event.type === 'warning' && warnings.push(event.message));
    const output = join(dir, 'not-live.ts');
    await downloadHls({ url: `${server.url}/live/index.m3u8`, output, events });
    expect(readFileSync(output).equals(Buffer.concat(plain.slice(0, 3)))).toBe(true);
    expect(warnings.join('\n')).toMatch(/no EXT-X-ENDLIST .*use --live/);
  });
});
