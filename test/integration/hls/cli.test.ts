// `trawl hls` as a user runs it: the built CLI in a child process against local servers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsStream, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { runCli } from '../../helpers/cli.js';
import { fixtureServer, m3u8, sha256File, startTunnelProxy, tempDir, tsBytes } from './helpers.js';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer();
});
afterAll(async () => {
  await demo.close();
});

const lesson = hlsStream('lesson');
const lessonUrl = (): string => `${demo.url}${lesson.masterPath}`;
const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

function ffprobeDuration(path: string): number {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return Number(probe.stdout.trim());
}

describe('trawl hls', () => {
  it('downloads the lesson stream and ends with a summary line of segments, bytes, speed, output and durations', async () => {
    const dir = tempDir();
    const result = await runCli(['hls', lessonUrl(), '-o', 'lesson.ts', '-c', '4'], { cwd: dir });
    expect(result.stderr).toMatch(/trawl: done: 8 segments, 113 KB in [\d.]+m?s \([\d.]+ MB\/s\) -> .*lesson\.ts; duration 16\.0s in the playlist, 16\.0s in the file \(from its timestamps\)/);
    expect(result.code).toBe(0);
    expect(sha256File(join(dir, 'lesson.ts'))).toBe(lesson.variants[0]!.plainSha256);
    expect(existsSync(join(dir, 'lesson.ts.trawl.json'))).toBe(false);
  });

  it('sends every request through --proxy, with -H headers and --cookie cookies', async () => {
    const proxy = await startTunnelProxy();
    const seen: string[] = [];
    const server = await fixtureServer({
      '/p/index.m3u8': (_hit, req) => {
        seen.push(`${req.headers['x-test']} ${req.headers.cookie}`);
        return { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXT-X-ENDLIST') };
      },
      '/p/a.ts': (_hit, req) => (req.headers.cookie === 'a=1; b=2' ? { body: tsBytes(2, 1) } : undefined),
    });
    const dir = tempDir();
    const args = ['hls', `${server.url}/p/index.m3u8`, '-o', 'p.ts', '--proxy', proxy.url, '-H', 'X-Test: yes', '--cookie', 'a=1', '--cookie', 'b=2', '--quiet'];
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(0);
    expect(proxy.used.length).toBeGreaterThan(0);
    // http targets go to the proxy in absolute form (https ones would go through CONNECT).
    expect(new Set(proxy.used)).toEqual(new Set([`GET ${server.url}/p/index.m3u8`, `GET ${server.url}/p/a.ts`]));
    expect(seen).toEqual(['yes a=1; b=2']);
    expect(readFileSync(join(dir, 'p.ts')).equals(tsBytes(2, 1))).toBe(true);
  });

  it('names the output after the URL when -o is absent', async () => {
    const dir = tempDir();
    const result = await runCli(['hls', lessonUrl(), '--quiet'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(sha256File(join(dir, 'AbR4hL2x.ts'))).toBe(lesson.variants[0]!.plainSha256);
  });

  it('reports a broken playlist in one line naming the URL and the line, with exit code 2', async () => {
    const server = await fixtureServer({ '/bad.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:four,', 'a.ts') } });
    const result = await runCli(['hls', `${server.url}/bad.m3u8`, '-o', 'x.ts'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`trawl: playlist ${server.url}/bad.m3u8 line 3: EXTINF duration must be a decimal number of seconds, found "four"\n`);
  });

  it('stops on a wrong --key with exit code 1, naming the segment and the sync-byte check', async () => {
    const result = await runCli(['hls', lessonUrl(), '-o', 'k.ts', '--key', '0x000102030405060708090a0b0c0d0e0f', '--quiet'], { cwd: tempDir() });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^trawl: integrity check failed for http:\/\/.*\.ts: segment \d\/8 \(media sequence \d\): not MPEG-TS after decryption \(no sync byte 0x47 at offset 0\) — wrong key\?$/);
  });

  it('rejects --duration without --live and a malformed --iv before any request (exit code 2)', async () => {
    const dir = tempDir();
    const duration = await runCli(['hls', lessonUrl(), '--duration', '10'], { cwd: dir });
    expect(duration.code).toBe(2);
    expect(duration.stderr).toMatch(/option --duration: only applies with --live/);
    const iv = await runCli(['hls', lessonUrl(), '--iv', 'xyz'], { cwd: dir });
    expect(iv.code).toBe(2);
    expect(iv.stderr).toMatch(/option --iv: expected 32 hex digits/);
  });

  it('names a segment that fails for good (exit 1); with --allow-gaps goes on and writes the gap report (exit 1)', async () => {
    const files: Parameters<typeof fixtureServer>[0] = {
      '/g/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXTINF:2,', 'b.ts', '#EXTINF:2,', 'c.ts', '#EXT-X-ENDLIST') },
      '/g/a.ts': { body: tsBytes(3, 1) },
      '/g/c.ts': { body: tsBytes(3, 3) },
    };
    const server = await fixtureServer(files);
    const dir = tempDir();
    const failed = await runCli(['hls', `${server.url}/g/index.m3u8`, '-o', 'g.ts', '--retries', '0', '--quiet'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n').at(-1)).toBe(`trawl: segment 2/3 (media sequence 1) failed: HTTP 404: ${server.url}/g/b.ts`);
    expect(failed.stderr).toMatch(/trawl: progress is saved in .*g\.ts\.trawl\.json: run the same command again to resume/);
    const gappy = await runCli(['hls', `${server.url}/g/index.m3u8`, '-o', 'g.ts', '--retries', '0', '--allow-gaps', '--quiet', '--restart'], { cwd: dir });
    expect(gappy.code).toBe(1);
    expect(gappy.stderr).toMatch(/trawl: gap: segment 2 \(media sequence 1\) at 2\.0s: HTTP 404/);
    expect(gappy.stderr).toMatch(/1 gap\(s\) in the output \(segments missing\): see .*g\.ts\.gaps\.json/);
    const report = JSON.parse(readFileSync(join(dir, 'g.ts.gaps.json'), 'utf8'));
    expect(report.gaps[0]).toMatchObject({ segment: 2, firstSequence: 1, url: `${server.url}/g/b.ts`, startSeconds: 2, durationSeconds: 2 });
    expect(readFileSync(join(dir, 'g.ts')).equals(Buffer.concat([tsBytes(3, 1), tsBytes(3, 3)]))).toBe(true);
  });

  it.runIf(hasFfmpeg)('remuxes -o x.mp4 with ffmpeg and removes the intermediate .ts', async () => {
    const dir = tempDir();
    const result = await runCli(['hls', lessonUrl(), '-o', 'x.mp4', '--quiet'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(existsSync(join(dir, 'x.ts'))).toBe(false);
    expect(ffprobeDuration(join(dir, 'x.mp4'))).toBeCloseTo(16, 0);
    expect(result.stderr).toMatch(/-> .*x\.mp4; duration 16\.0s in the playlist, 1[56]\.\ds in the file \(ffprobe\)/);
  });

  it('keeps the .ts and says so when ffmpeg is not on PATH', async () => {
    const dir = tempDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = await runCli(['hls', lessonUrl(), '-o', 'x.mp4', '--quiet'], { cwd: dir, env: { PATH: bin } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/ffmpeg not found on PATH: kept .*x\.ts instead of .*x\.mp4/);
    expect(existsSync(join(dir, 'x.mp4'))).toBe(false);
    expect(sha256File(join(dir, 'x.ts'))).toBe(lesson.variants[0]!.plainSha256);
  });

  it('downloads the chosen audio and subtitle renditions beside the video as <base>.<lang>.<ext>', async () => {
    const vtt = (n: number): string => `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n00:00:0${n}.000 --> 00:00:0${n}.500\nline ${n}\n`;
    const server = await fixtureServer({
      '/r/master.m3u8': {
        body: m3u8(
          '#EXTM3U',
          '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,URI="audio/en.m3u8"',
          '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Deutsch",LANGUAGE="de",URI="audio/de.m3u8"',
          '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en-US",URI="subs/en.m3u8"',
          '#EXT-X-STREAM-INF:BANDWIDTH=500000,AUDIO="aud",SUBTITLES="subs"',
          'video/index.m3u8',
        ),
      },
      '/r/video/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'v0.ts', '#EXTINF:2,', 'v1.ts', '#EXT-X-ENDLIST') },
      '/r/video/v0.ts': { body: tsBytes(4, 1) },
      '/r/video/v1.ts': { body: tsBytes(4, 2) },
      '/r/audio/de.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'de0.aac', '#EXTINF:2,', 'de1.aac', '#EXT-X-ENDLIST') },
      '/r/audio/de0.aac': { body: 'DE-AUDIO-0|' },
      '/r/audio/de1.aac': { body: 'DE-AUDIO-1|' },
      '/r/subs/en.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 's0.vtt', '#EXTINF:2,', 's1.vtt', '#EXT-X-ENDLIST') },
      '/r/subs/s0.vtt': { body: vtt(1) },
      '/r/subs/s1.vtt': { body: vtt(3) },
    });
    const dir = tempDir();
    const result = await runCli(['hls', `${server.url}/r/master.m3u8`, '-o', 'show.ts', '--audio', 'de', '--subs', 'en', '--quiet'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'show.ts')).equals(Buffer.concat([tsBytes(4, 1), tsBytes(4, 2)]))).toBe(true);
    expect(readFileSync(join(dir, 'show.de.aac'), 'utf8')).toBe('DE-AUDIO-0|DE-AUDIO-1|');
    expect(readFileSync(join(dir, 'show.en-US.vtt'), 'utf8')).toBe(`${vtt(1)}\n00:00:03.000 --> 00:00:03.500\nline 3\n\n`);
    expect(server.hits.get('/r/audio/en.m3u8')).toBeUndefined();
    expect(result.stderr).toMatch(/audio: 2 segments, 22 B -> .*show\.de\.aac/);
  });
});
