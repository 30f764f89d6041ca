// Resume after SIGKILL: the CLI is killed once its state file shows progress, started again
// with the same output, and must end byte-identical to an uninterrupted run without fetching
// again any segment the state recorded as written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsStream, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { downloadHls, statePathFor } from '../../../src/hls/index.js';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { countingProxy, fixtureServer, m3u8, sha256File, tempDir, tsBytes } from './helpers.js';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo.close();
});

interface State {
  written: number;
  bytes: number;
}

function readStateFile(path: string): State | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

/** Runs the CLI and kills it with SIGKILL once its state records at least `minWritten` segments. */
async function runAndKill(args: string[], cwd: string, statePath: string, minWritten: number): Promise<State> {
  const child = startCli(args, { cwd });
  const done = collect(child, 30_000);
  const state = await new Promise<State>((resolve, reject) => {
    const poll = setInterval(() => {
      const current = readStateFile(statePath);
      if (current && current.written >= minWritten) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve(current);
      } else if (child.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`the download ended before it could be killed (exit ${child.exitCode})`));
      }
    }, 5);
  });
  const result = await done;
  expect(result.signal).toBe('SIGKILL');
  // What the state holds when the process died is what the resume starts from.
  return readStateFile(statePath) ?? state;
}

describe('resuming an interrupted download', () => {
  it('goes on after SIGKILL without refetching written segments and ends byte-identical', async () => {
    const variant = hlsStream('multi').variants.find((candidate) => candidate.name === 'high')!;
    const segmentPaths = new Set(variant.segments.map((segment) => segment.path));
    // Slow segments, so the kill lands mid-download.
    const proxy = await countingProxy(demo.url, { delayMs: (path) => (segmentPaths.has(path) ? 120 : 0) });
    const dir = tempDir();
    const statePath = join(dir, 'high.ts.trawl.json');
    const args = ['hls', `${proxy.url}${hlsStream('multi').masterPath}`, '-o', 'high.ts', '-c', '2', '--quiet'];
    const state = await runAndKill(args, dir, statePath, 2);
    expect(state.written).toBeGreaterThanOrEqual(2);
    expect(state.written).toBeLessThan(variant.segments.length);
    const firstRunHits = new Map(proxy.hits);

    const resumed = await runCli(args, { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`resuming .*high\\.ts: ${state.written} segments`));
    expect(resumed.stderr).toMatch(new RegExp(`${state.written} segments resumed from an earlier run`));
    expect(sha256File(join(dir, 'high.ts'))).toBe(variant.plainSha256);
    expect(existsSync(statePath)).toBe(false);
    variant.segments.forEach((segment, index) => {
      const second = (proxy.hits.get(segment.path) ?? 0) - (firstRunHits.get(segment.path) ?? 0);
      if (index < state.written) expect(second, `segment ${index} was written before the kill`).toBe(0);
      else expect(second, `segment ${index}`).toBe(1);
    });
  });

  it('refuses to resume into a different variant, pointing at --restart, which starts over', async () => {
    const stream = hlsStream('multi');
    const high = stream.variants.find((candidate) => candidate.name === 'high')!;
    const low = stream.variants.find((candidate) => candidate.name === 'low')!;
    const segmentPaths = new Set(high.segments.map((segment) => segment.path));
    const proxy = await countingProxy(demo.url, { delayMs: (path) => (segmentPaths.has(path) ? 120 : 0) });
    const dir = tempDir();
    const args = ['hls', `${proxy.url}${stream.masterPath}`, '-o', 'v.ts', '-c', '2', '--quiet'];
    await runAndKill(args, dir, join(dir, 'v.ts.trawl.json'), 1);

    const other = await runCli([...args, '--variant', 'worst'], { cwd: dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^trawl: .*v\.ts \(resume state .*v\.ts\.trawl\.json\): the earlier run downloaded .*high\/index\.m3u8, this one would download .*low\/index\.m3u8 \(a different variant or playlist\); delete the output and its state file, or use --restart to start over\n$/);

    const restarted = await runCli([...args, '--variant', 'worst', '--restart'], { cwd: dir });
    expect(restarted.code).toBe(0);
    expect(sha256File(join(dir, 'v.ts'))).toBe(low.plainSha256);
  });
});

describe('resuming after a later track failed', () => {
  it('keeps a finished track\'s state until the whole download is done, so a rerun does not fetch it again', async () => {
    let audioUp = false;
    const server = await fixtureServer({
      '/p/master.m3u8': {
        body: m3u8(
          '#EXTM3U',
          '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="English",LANGUAGE="en",DEFAULT=YES,URI="a.m3u8"',
          '#EXT-X-STREAM-INF:BANDWIDTH=100000,AUDIO="a"',
          'v.m3u8',
        ),
      },
      '/p/v.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'v0.ts', '#EXTINF:2,', 'v1.ts', '#EXT-X-ENDLIST') },
      '/p/v0.ts': { body: tsBytes(3, 1) },
      '/p/v1.ts': { body: tsBytes(3, 2) },
      '/p/a.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a0.aac', '#EXT-X-ENDLIST') },
      '/p/a0.aac': () => (audioUp ? { body: 'AUDIO' } : undefined),
    });
    const dir = tempDir();
    const output = join(dir, 'p.ts');
    // Two tracks to a .ts: each in its own file, p.video.ts and p.audio.en.aac.
    const video = join(dir, 'p.video.ts');
    const audio = join(dir, 'p.audio.en.aac');
    await expect(downloadHls({ url: `${server.url}/p/master.m3u8`, output, retries: 0 })).rejects.toThrow(/segment 1\/1 \(media sequence 0\) failed: HTTP 404/);
    expect(JSON.parse(readFileSync(statePathFor(video), 'utf8'))).toMatchObject({ complete: true, written: 2 });
    expect(existsSync(video)).toBe(false);

    audioUp = true;
    const result = await downloadHls({ url: `${server.url}/p/master.m3u8`, output, retries: 0 });
    expect(server.hits.get('/p/v0.ts')).toBe(1);
    expect(server.hits.get('/p/v1.ts')).toBe(1);
    expect(readFileSync(audio, 'utf8')).toBe('AUDIO');
    expect(readFileSync(video).equals(Buffer.concat([tsBytes(3, 1), tsBytes(3, 2)]))).toBe(true);
    expect(result.tracks.map((track) => track.kind)).toEqual(['main', 'audio']);
    expect(result.outputs).toEqual([video, audio]);
    expect(existsSync(statePathFor(video))).toBe(false);
    expect(existsSync(statePathFor(audio))).toBe(false);
    expect(existsSync(`${video}.part`)).toBe(false);
  });
});
