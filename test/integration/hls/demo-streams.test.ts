// The demo site's encrypted streams, downloaded with the library API and compared byte for byte
// with the decrypted concatenation the demo data promises.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsStream, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { downloadHls, type HlsEvent } from '../../../src/hls/index.js';
import { TypedEmitter } from '../../../src/util/emitter.js';
import { countingProxy, sha256, tempDir } from './helpers.js';

let demo: DemoServer;
const dir = tempDir();
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo.close();
});

describe('downloading the demo streams', () => {
  it('writes the lesson stream (AES-128, IV = media sequence number) byte for byte', async () => {
    const stream = hlsStream('lesson');
    const variant = stream.variants[0]!;
    const output = join(dir, 'lesson.ts');
    const result = await downloadHls({ url: `${demo.url}${stream.masterPath}`, output });
    expect(result.output).toBe(output);
    expect(sha256(readFileSync(output))).toBe(variant.plainSha256);
    expect(result.segments).toBe(variant.segments.length);
    expect(result.bytes).toBe(variant.plainBytes);
    expect(result.extinfSeconds).toBeCloseTo(variant.segments.reduce((sum, s) => sum + s.duration, 0), 6);
    expect(result.probe).toBe('timestamps');
    expect(result.probedSeconds).toBeCloseTo(result.extinfSeconds, 1);
    expect(result.gaps).toEqual([]);
  });

  it.each([
    ['best', 'high'],
    ['worst', 'low'],
    ['180p', 'mid'],
    ['270p', 'high'],
    ['200000', 'low'],
  ])('--variant %s picks the %s variant of the multi stream and writes it byte for byte', async (spec, name) => {
    const stream = hlsStream('multi');
    const variant = stream.variants.find((candidate) => candidate.name === name)!;
    const output = join(dir, `multi-${spec}.ts`);
    await downloadHls({ url: `${demo.url}${stream.masterPath}`, output, variant: spec, concurrency: 3 });
    expect(sha256(readFileSync(output))).toBe(variant.plainSha256);
  });

  it('downloads a media playlist given directly, resolving URIs against its own URL', async () => {
    const variant = hlsStream('multi').variants.find((candidate) => candidate.name === 'mid')!;
    const output = join(dir, 'mid-direct.ts');
    await downloadHls({ url: `${demo.url}${variant.playlistPath}`, output });
    expect(sha256(readFileSync(output))).toBe(variant.plainSha256);
  });

  it('fetches each key once per URI, across key rotation, and every segment exactly once', async () => {
    const stream = hlsStream('multi');
    const high = stream.variants.find((candidate) => candidate.name === 'high')!;
    const proxy = await countingProxy(demo.url);
    await downloadHls({ url: `${proxy.url}${stream.masterPath}`, output: join(dir, 'high.ts'), concurrency: 8 });
    expect(high.keys).toHaveLength(2);
    for (const key of high.keys) expect(proxy.hits.get(key.path), key.path).toBe(1);
    for (const segment of high.segments) expect(proxy.hits.get(segment.path), segment.path).toBe(1);
    const others = stream.variants.filter((candidate) => candidate !== high);
    for (const other of others) expect(proxy.hits.get(other.playlistPath)).toBeUndefined();
  });

  it('reports progress for every segment and a track start naming the output', async () => {
    const stream = hlsStream('lesson');
    const events = new TypedEmitter<HlsEvent>();
    const seen: HlsEvent[] = [];
    events.on((event) => seen.push(event));
    const output = join(dir, 'lesson-events.ts');
    await downloadHls({ url: `${demo.url}${stream.masterPath}`, output, events });
    const start = seen.find((event) => event.type === 'track-start');
    expect(start).toMatchObject({ type: 'track-start', track: 'main', output, segments: 8, live: false });
    const progress = seen.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));
    expect(progress.at(-1)).toMatchObject({ segmentsDone: 8, segmentsTotal: 8, totalKnown: true, bytesWritten: 115244 });
    expect(seen.some((event) => event.type === 'note' && /variant best/.test(event.message))).toBe(true);
  });
});
