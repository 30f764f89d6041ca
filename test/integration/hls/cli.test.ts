// `trawl hls` as a user runs it: the built CLI in a child process against local servers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
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
    const server = await fixtureServer({ '/bad.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXT-X-KEY:METHOD=AES-128', '#EXTINF:4,', 'a.ts') } });
    const result = await runCli(['hls', `${server.url}/bad.m3u8`, '-o', 'x.ts'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`trawl: playlist ${server.url}/bad.m3u8 line 3: EXT-X-KEY: METHOD=AES-128 needs a URI attribute (REQUIRED unless the METHOD is NONE)\n`);
    // A deviation players accept is refused under --strict, the same way.
    const strict = await fixtureServer({ '/odd.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:4', '#EXTINF:four,', 'a.ts') } });
    const refused = await runCli(['hls', `${strict.url}/odd.m3u8`, '-o', 'x.ts', '--strict'], { cwd: tempDir() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`trawl: playlist ${strict.url}/odd.m3u8 line 3: EXTINF duration must be a decimal number of seconds, found "four"\n`);
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

  it('writes the variant and the chosen audio and subtitle renditions to <stem>.<video|audio|subs>.<lang>.<ext> when the output is not .mp4/.mkv, saying so in one line', async () => {
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
    const result = await runCli(['hls', `${server.url}/r/master.m3u8`, '-o', 'show.ts', '--audio', 'de', '--subs', 'en'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, 'show.video.ts')).equals(Buffer.concat([tsBytes(4, 1), tsBytes(4, 2)]))).toBe(true);
    expect(readFileSync(join(dir, 'show.audio.de.aac'), 'utf8')).toBe('DE-AUDIO-0|DE-AUDIO-1|');
    // One WebVTT file: one header, the cues of every segment on the video's timeline.
    expect(readFileSync(join(dir, 'show.subs.en-US.vtt'), 'utf8')).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:01.500\nline 1\n\n00:00:03.000 --> 00:00:03.500\nline 3\n\n');
    expect(existsSync(join(dir, 'show.ts'))).toBe(false);
    expect(server.hits.get('/r/audio/en.m3u8')).toBeUndefined();
    expect(result.stderr).toMatch(/trawl: 3 tracks, each in its own file: show\.video\.ts, show\.audio\.de\.aac, show\.subs\.en-US\.vtt \(use -o show\.mkv \(or \.mp4\) with ffmpeg installed to mux them\)\n/);
    expect(result.stderr).toMatch(/audio: 2 segments, 22 B -> .*show\.audio\.de\.aac/);
  });
});

describe('trawl hls outputs', () => {
  it('-o - writes the stream to standard output (a pipe), byte for byte, and nothing to the folder', async () => {
    const dir = tempDir();
    const { spawn } = await import('node:child_process');
    const { TRAWL_BIN } = await import('../../helpers/cli.js');
    const child = spawn(process.execPath, [TRAWL_BIN, 'hls', lessonUrl(), '-o', '-', '-c', '4'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(Buffer.concat(chunks)).digest('hex')).toBe(lesson.variants[0]!.plainSha256);
    expect(stderr).toMatch(/trawl: done: 8 segments, .* -> standard output;/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the bytes in <output>.part while downloading; the output\'s name appears only when it is whole', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await fixtureServer({
      '/w/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'a.ts', '#EXTINF:2,', 'b.ts', '#EXT-X-ENDLIST') },
      '/w/a.ts': { body: tsBytes(3, 1) },
      '/w/b.ts': (_hit, _req, res) => {
        void released.then(() => {
          res.writeHead(200, { 'content-length': String(3 * 188) });
          res.end(tsBytes(3, 2));
        });
        return null;
      },
    });
    const dir = tempDir();
    const { startCli, collect } = await import('../../helpers/cli.js');
    const child = startCli(['hls', `${server.url}/w/index.m3u8`, '-o', 'w.ts', '--quiet'], { cwd: dir });
    const done = collect(child);
    while (!existsSync(join(dir, 'w.ts.part')) || server.hits.get('/w/b.ts') === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(existsSync(join(dir, 'w.ts'))).toBe(false);
    release();
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['w.ts']);
    expect(readFileSync(join(dir, 'w.ts')).equals(Buffer.concat([tsBytes(3, 1), tsBytes(3, 2)]))).toBe(true);
  });
});

describe('real-world playlists', () => {
  it('downloads a playlist with deviations players accept, naming each kind once; --strict refuses it (exit 2)', async () => {
    const server = await fixtureServer({
      // No #EXTM3U, two EXT-X-MEDIA-SEQUENCE tags, URI lines without EXTINF.
      '/q/index.m3u8': { body: m3u8('#EXT-X-TARGETDURATION:2', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-MEDIA-SEQUENCE:5', 'a.ts', 'b.ts', '#EXT-X-ENDLIST') },
      '/q/a.ts': { body: tsBytes(2, 1) },
      '/q/b.ts': { body: tsBytes(2, 2) },
    });
    const dir = tempDir();
    const result = await runCli(['hls', `${server.url}/q/index.m3u8`, '-o', 'q.ts', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('trawl: warning: playlist'));
    expect(warnings).toEqual([
      `trawl: warning: playlist ${server.url}/q/index.m3u8 line 1: the playlist does not start with #EXTM3U; it is read as one all the same — accepted, as players do (--strict refuses it)`,
      `trawl: warning: playlist ${server.url}/q/index.m3u8 line 3: EXT-X-MEDIA-SEQUENCE appears again (first on line 2); the last one counts — accepted, as players do (--strict refuses it)`,
      `trawl: warning: playlist ${server.url}/q/index.m3u8 line 4: a segment URI has no EXTINF before it; its duration is taken as the target duration — accepted, as players do (--strict refuses it)`,
    ]);
    expect(readFileSync(join(dir, 'q.ts')).equals(Buffer.concat([tsBytes(2, 1), tsBytes(2, 2)]))).toBe(true);
    const strict = await runCli(['hls', `${server.url}/q/index.m3u8`, '-o', 'strict.ts', '--strict'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toBe(`trawl: playlist ${server.url}/q/index.m3u8 line 1: the first line must be #EXTM3U, found "#EXT-X-TARGETDURATION:2" (RFC 8216 4.3.1.1)\n`);
  });
});
