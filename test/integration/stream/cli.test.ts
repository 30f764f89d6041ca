// `trawl stream` as a user runs it: the built CLI against local servers. Bad manifests and
// encrypted streams are named in one line (exit 2) before any segment is fetched, and nothing
// appears under the output's name; .mp4/.mkv are muxed by ffmpeg in one call; `-o -` writes
// to a pipe.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, TRAWL_BIN } from '../../helpers/cli.js';
import { AUDIO_SET, VIDEO_SET, audio, dashServer, mpd, tempDir, video } from './helpers.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
const videoBytes = Buffer.concat([video.init, ...video.segments]);

function streams(path: string): string[] {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  return probe.stdout.trim().split('\n');
}

describe('trawl stream (DASH)', () => {
  it('downloads a DASH MPD and ends with a summary naming the MPD duration and the file\'s', async () => {
    const server = await dashServer({ '/d/v.mpd': { body: mpd(VIDEO_SET) } });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/v.mpd`, '-o', 'v.m4s', '-c', '4'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/trawl: video best: Representation 0, 160x90, 40 kbit\/s\n/);
    expect(result.stderr).toMatch(/trawl: done: 4 segments, [\d.]+ KB in .* -> .*v\.m4s; duration 4\.0s in the MPD, 4\.0s in the file \(from its timestamps\)\n/);
    expect(readFileSync(join(dir, 'v.m4s')).equals(videoBytes)).toBe(true);
    expect(readdirSync(dir)).toEqual(['v.m4s']);
  });

  it.each(['cenc', 'cbcs'])('refuses a %s-protected MPD before fetching anything: one line naming the scheme and the MPD line, exit 2, no file', async (scheme) => {
    const text = mpd(VIDEO_SET.replace('<SegmentTemplate', `<ContentProtection schemeIdUri="urn:mpeg:dash:mp4protection:2011" value="${scheme}" />\n<SegmentTemplate`));
    const server = await dashServer({ '/d/drm.mpd': { body: text } });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/drm.mpd`, '-o', 'drm.mp4'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `trawl: ${server.url}/d/drm.mpd line 5: the stream is encrypted with ${scheme}, per <ContentProtection> of <Representation id="0">, which needs a DRM client; trawl does not decrypt it and downloaded nothing\n`,
    );
    expect([...server.hits.keys()]).toEqual(['/d/drm.mpd']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses an MPD that is not well-formed XML with its line and column (exit 2)', async () => {
    const server = await dashServer({ '/d/bad.mpd': { body: mpd(VIDEO_SET).replace('</AdaptationSet>', '') } });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/bad.mpd`, '-o', 'x.m4s'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^trawl: manifest ${server.url}/d/bad\\.mpd line 8 column \\d+: not well-formed XML: .*\\n$`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a template with an unknown $identifier$, naming the element and its line (exit 2)', async () => {
    const server = await dashServer({ '/d/id.mpd': { body: mpd(VIDEO_SET.replace('$Number%03d$', '$Index$')) } });
    const result = await runCli(['stream', `${server.url}/d/id.mpd`, '-o', 'x.m4s'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^trawl: manifest .*\/d\/id\.mpd line 5 column 1 \(<SegmentTemplate> of <Representation id="0">\): @media "seg-\$RepresentationID\$-\$Index\$\.m4s": unknown identifier \$Index\$/);
  });

  it('refuses a SegmentBase whose @indexRange holds no sidx, naming the element and the range (exit 2, no file)', async () => {
    const text = mpd(
      '<AdaptationSet contentType="video" mimeType="video/mp4">\n<Representation id="v" bandwidth="1">\n<BaseURL>base.mp4</BaseURL>\n' +
        '<SegmentBase indexRange="32-800"><Initialization range="0-31" /></SegmentBase>\n</Representation>\n</AdaptationSet>',
    );
    const server = await dashServer({ '/d/sidx.mpd': { body: text } });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/sidx.mpd`, '-o', 'x.m4v'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/trawl: manifest .*sidx\.mpd line 7 column 1 \(<SegmentBase> of <Representation id="v">\): the index range holds no sidx box \(found moov\) \(.*\/d\/base\.mp4 bytes 32-800\)\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses HLS SAMPLE-AES before any segment, naming the scheme and the playlist line (exit 2, no file)', async () => {
    const { m3u8 } = await import('./helpers.js');
    const server = await dashServer({
      '/h/index.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k",KEYFORMAT="com.apple.streamingkeydelivery"', '#EXTINF:2,', 'a.ts', '#EXT-X-ENDLIST'), type: 'application/vnd.apple.mpegurl' },
    });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/h/index.m3u8`, '-o', 'x.ts'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`trawl: ${server.url}/h/index.m3u8 line 3: the stream is encrypted with METHOD=SAMPLE-AES (KEYFORMAT "com.apple.streamingkeydelivery"), which needs a DRM client; trawl does not decrypt it and downloaded nothing\n`);
    expect(readdirSync(dir)).toEqual([]);
    expect(server.hits.get('/h/a.ts')).toBeUndefined();
  });

  it('refuses a URL that is neither an HLS playlist, an MPD nor a web page (exit 2)', async () => {
    // (A web page is opened in Chromium to find its stream: see test/integration/browser.)
    const server = await dashServer({ '/notes.txt': { body: 'hello', type: 'text/plain' } });
    const result = await runCli(['stream', `${server.url}/notes.txt`], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/neither an HLS playlist \(#EXTM3U\) nor a DASH MPD/);
  });

  it.runIf(hasFfmpeg)('muxes video and audio into -o x.mkv with ffmpeg in one call, leaving only x.mkv', async () => {
    const server = await dashServer({ '/d/av.mpd': { body: mpd(`${VIDEO_SET}\n${AUDIO_SET}`) } });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/av.mpd`, '-o', 'show.mkv', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['show.mkv']);
    expect(streams(join(dir, 'show.mkv'))).toEqual(['video', 'audio']);
  });

  it('without ffmpeg, -o x.mp4 with two tracks keeps them as x.video.mp4 and x.audio.<lang>.m4a and says so', async () => {
    const server = await dashServer({ '/d/av.mpd': { body: mpd(`${VIDEO_SET}\n${AUDIO_SET}`) } });
    const dir = tempDir();
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = await runCli(['stream', `${server.url}/d/av.mpd`, '-o', 'x.mp4'], { cwd: dir, env: { PATH: bin } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/trawl: 2 tracks, each in its own file: x\.video\.mp4, x\.audio\.en\.m4a \(ffmpeg is not on PATH, so they are not muxed\)\n/);
    expect(readdirSync(dir).sort()).toEqual(['bin', 'x.audio.en.m4a', 'x.video.mp4']);
    expect(readFileSync(join(dir, 'x.video.mp4')).equals(videoBytes)).toBe(true);
    expect(readFileSync(join(dir, 'x.audio.en.m4a')).equals(Buffer.concat([audio.init, ...audio.segments]))).toBe(true);
  });

  it('-o - writes the one track to standard output, for a pipe, and nothing to the folder', async () => {
    const server = await dashServer({ '/d/av.mpd': { body: mpd(`${VIDEO_SET}\n${AUDIO_SET}`) } });
    const dir = tempDir();
    const child = spawn(process.execPath, [TRAWL_BIN, 'stream', `${server.url}/d/av.mpd`, '-o', '-'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(Buffer.concat(chunks).equals(videoBytes)).toBe(true);
    expect(stderr).toMatch(/standard output takes one track: video only \(not audio \(en\)\)/);
    expect(stderr).toMatch(/-> standard output;/);
    expect(readdirSync(dir)).toEqual([]);
    expect(server.hits.get('/d/seg-1-001.m4s')).toBeUndefined();
  });
});

describe('trawl stream: real-world MPDs', () => {
  it('accepts a Representation without @bandwidth with one warning naming the MPD line; --strict refuses it (exit 2)', async () => {
    const server = await dashServer({ '/d/nb.mpd': { body: mpd(VIDEO_SET.replace(' bandwidth="40000"', '')) } });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/nb.mpd`, '-o', 'nb.m4s', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`trawl: warning: ${server.url}/d/nb.mpd line 6: a Representation has no @bandwidth (required); taken as 0 when choosing — accepted, as players do (--strict refuses it)\n`);
    const strict = await runCli(['stream', `${server.url}/d/nb.mpd`, '-o', 'strict.m4s', '--strict'], { cwd: dir });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(/^trawl: manifest .*nb\.mpd line 6 column 1 \(<Representation id="0">\): a Representation needs a @bandwidth\n$/);
  });
});
