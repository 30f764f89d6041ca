// The guarantees `trawl stream` shares with `trawl hls`, for DASH: bytes in <file>.part until
// the download is whole, resume after SIGKILL byte-identical without fetching finished segments
// again, retries that honour Retry-After, and no silent skip (a segment that keeps failing
// stops the download naming it, unless --allow-gaps, which writes a gap report).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { fixtureServer, tempDir } from './helpers.js';

const COUNT = 12;
const init = Buffer.from('INIT-SECTION');
const segments = Array.from({ length: COUNT }, (_, index) => Buffer.alloc(30_000 + index * 10, index + 1));
const whole = Buffer.concat([init, ...segments]);

const text = `<MPD type="static" mediaPresentationDuration="PT${COUNT}S">\n<Period>\n<AdaptationSet contentType="video" mimeType="video/mp4">\n<SegmentTemplate duration="1" initialization="init.mp4" media="s$Number$.m4s" />\n<Representation id="v" bandwidth="1000" />\n</AdaptationSet>\n</Period>\n</MPD>\n`;

type Answer = 'ok' | 404 | { status: 503; retryAfter: string } | 'hold';

/** The 12-segment stream under /r/; `answer` overrides a segment's response (by number and hit). */
function server(answer: (n: number, hit: number) => Answer = () => 'ok', delayMs = 0) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const files: Parameters<typeof fixtureServer>[0] = {
    '/r/v.mpd': { body: text, type: 'application/dash+xml' },
    '/r/init.mp4': { body: init },
  };
  segments.forEach((body, index) => {
    const n = index + 1;
    files[`/r/s${n}.m4s`] = (hit, _req, res) => {
      const reply = answer(n, hit);
      if (reply === 404) {
        res.writeHead(404);
        res.end();
        return undefined;
      }
      if (typeof reply === 'object') {
        res.writeHead(503, { 'retry-after': reply.retryAfter });
        res.end();
        return undefined;
      }
      if (reply === 'hold' || delayMs > 0) {
        void (reply === 'hold' ? released : new Promise((resolve) => setTimeout(resolve, delayMs))).then(() => {
          res.writeHead(200, { 'content-length': String(body.length) });
          res.end(body);
        });
        return null;
      }
      return { body };
    };
  });
  return fixtureServer(files).then((s) => ({ ...s, release: () => release() }));
}

interface State {
  written: number;
  bytes: number;
}

function readState(path: string): State | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as State;
  } catch {
    return undefined;
  }
}

describe('trawl stream: resume, .part, retries, failures', () => {
  it('resumes after SIGKILL byte-identical, without fetching the segments the state recorded as written', async () => {
    const srv = await server(() => 'ok', 150);
    const dir = tempDir();
    const args = ['stream', `${srv.url}/r/v.mpd`, '-o', 'v.m4s', '-c', '2', '--quiet'];
    const child = startCli(args, { cwd: dir });
    const done = collect(child, 30_000);
    const statePath = join(dir, 'v.m4s.trawl.json');
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if ((readState(statePath)?.written ?? 0) >= 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        } else if (child.exitCode !== null) {
          clearInterval(poll);
          reject(new Error('the download ended before it could be killed'));
        }
      }, 5);
    });
    expect((await done).signal).toBe('SIGKILL');
    const state = readState(statePath)!;
    expect(state.written).toBeLessThan(COUNT);
    // Killed mid-way: the bytes are in the part, the output's name does not exist.
    expect(existsSync(join(dir, 'v.m4s'))).toBe(false);
    expect(existsSync(join(dir, 'v.m4s.part'))).toBe(true);
    const before = new Map(srv.hits);

    const resumed = await runCli(args, { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(readFileSync(join(dir, 'v.m4s')).equals(whole)).toBe(true);
    expect(readdirSync(dir)).toEqual(['v.m4s']);
    for (let n = 1; n <= COUNT; n++) {
      const again = (srv.hits.get(`/r/s${n}.m4s`) ?? 0) - (before.get(`/r/s${n}.m4s`) ?? 0);
      // The state counts the init section as part of the first segment's write.
      if (n <= state.written) expect(again, `segment ${n} was written before the kill`).toBe(0);
      else expect(again, `segment ${n}`).toBe(1);
    }
  });

  it('keeps the bytes in <file>.part while downloading; the output\'s name appears only when it is whole', async () => {
    const srv = await server((n) => (n === COUNT ? 'hold' : 'ok'));
    const dir = tempDir();
    const child = startCli(['stream', `${srv.url}/r/v.mpd`, '-o', 'v.m4s', '--quiet'], { cwd: dir });
    const done = collect(child, 30_000);
    while (!existsSync(join(dir, 'v.m4s.part')) || srv.hits.get(`/r/s${COUNT}.m4s`) === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(existsSync(join(dir, 'v.m4s'))).toBe(false);
    srv.release();
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['v.m4s']);
    expect(readFileSync(join(dir, 'v.m4s')).equals(whole)).toBe(true);
  });

  it('honours Retry-After on a 503 and goes on; the retry is reported', async () => {
    const srv = await server((n, hit) => (n === 5 && hit === 1 ? { status: 503, retryAfter: '1' } : 'ok'));
    const dir = tempDir();
    const result = await runCli(['stream', `${srv.url}/r/v.mpd`, '-o', 'v.m4s'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(srv.hits.get('/r/s5.m4s')).toBe(2);
    expect(result.stderr).toMatch(/trawl: retry 1 in .*HTTP 503/);
    expect(readFileSync(join(dir, 'v.m4s')).equals(whole)).toBe(true);
  });

  it('stops naming a segment that keeps failing (exit 1); with --allow-gaps goes on and writes the gap report', async () => {
    const srv = await server((n) => (n === 4 ? 404 : 'ok'));
    const dir = tempDir();
    const failed = await runCli(['stream', `${srv.url}/r/v.mpd`, '-o', 'v.m4s', '--retries', '0', '--quiet'], { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(new RegExp(`trawl: segment 4/12 \\(media sequence 3\\) failed: HTTP 404: ${srv.url}/r/s4\\.m4s\\n$`));
    expect(existsSync(join(dir, 'v.m4s'))).toBe(false);
    const gappy = await runCli(['stream', `${srv.url}/r/v.mpd`, '-o', 'v.m4s', '--retries', '0', '--allow-gaps', '--quiet'], { cwd: dir });
    expect(gappy.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, 'v.m4s.gaps.json'), 'utf8'));
    expect(report.gaps).toHaveLength(1);
    expect(report.gaps[0]).toMatchObject({ segment: 4, url: `${srv.url}/r/s4.m4s`, startSeconds: 3, durationSeconds: 1 });
    expect(readFileSync(join(dir, 'v.m4s')).equals(Buffer.concat([init, ...segments.filter((_, index) => index !== 3)]))).toBe(true);
  });
});
