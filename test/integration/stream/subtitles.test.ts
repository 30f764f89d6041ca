// Subtitles as one file aligned with the video: HLS WebVTT renditions (X-TIMESTAMP-MAP against
// the video's first PTS), DASH text tracks (their Period's start), --sub-format srt, and muxed
// into an .mkv by ffmpeg at the right time.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { VIDEO_SET, dashServer, fixtureServer, m3u8, tempDir } from './helpers.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;

/** `count` MPEG-TS packets whose first starts a video PES with presentation time `pts` (90 kHz). */
function tsWithPts(pts: number, count = 4): Buffer {
  const bytes = Buffer.alloc(count * 188, 0xff);
  for (let index = 0; index < count; index++) {
    const at = index * 188;
    bytes[at] = 0x47;
    bytes[at + 1] = index === 0 ? 0x41 : 0x01; // payload unit start on the first; PID 0x100
    bytes[at + 2] = 0x00;
    bytes[at + 3] = 0x10; // payload only
  }
  const pes = [0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5];
  pes.forEach((byte, offset) => (bytes[4 + offset] = byte));
  const p = 4 + pes.length;
  bytes[p] = 0x21 | (Math.floor(pts / 2 ** 30) & 0x07) << 1;
  bytes[p + 1] = (pts >> 22) & 0xff;
  bytes[p + 2] = (((pts >> 15) & 0x7f) << 1) | 1;
  bytes[p + 3] = (pts >> 7) & 0xff;
  bytes[p + 4] = ((pts & 0x7f) << 1) | 1;
  return bytes;
}

const cue = (mpegts: number, time: string, text: string): string => `WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:00:00:00.000\n\n${time}\n${text}\n`;

async function hlsWithSubs() {
  return fixtureServer({
    '/h/master.m3u8': {
      body: m3u8(
        '#EXTM3U',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="s",NAME="English",LANGUAGE="en",URI="subs.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=100000,SUBTITLES="s"',
        'video.m3u8',
      ),
    },
    '/h/video.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 'v0.ts', '#EXTINF:2,', 'v1.ts', '#EXT-X-ENDLIST') },
    // The video's first frame is at 10.4 s (PTS 936000); the subtitles map cue time 0 to 10 s.
    '/h/v0.ts': { body: tsWithPts(936000) },
    '/h/v1.ts': { body: tsWithPts(1116000) },
    '/h/subs.m3u8': { body: m3u8('#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXTINF:2,', 's0.webvtt', '#EXTINF:2,', 's1.webvtt', '#EXT-X-ENDLIST') },
    '/h/s0.webvtt': { body: cue(900000, '00:00:01.000 --> 00:00:02.400', 'First') },
    '/h/s1.webvtt': { body: cue(1080000, '00:00:00.500 --> 00:00:01.000', 'Second') },
  });
}

describe('subtitles', () => {
  it('HLS: the WebVTT rendition becomes one .vtt whose cues are moved by X-TIMESTAMP-MAP onto the video\'s timeline', async () => {
    const server = await hlsWithSubs();
    const dir = tempDir();
    const result = await runCli(['hls', `${server.url}/h/master.m3u8`, '-o', 'talk.ts', '--subs', 'en', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    // First: 10 + 1 − 10.4 = 0.6 s; Second: 12 + 0.5 − 10.4 = 2.1 s.
    expect(readFileSync(join(dir, 'talk.subs.en.vtt'), 'utf8')).toBe('WEBVTT\n\n00:00:00.600 --> 00:00:02.000\nFirst\n\n00:00:02.100 --> 00:00:02.600\nSecond\n\n');
  });

  it('--sub-format srt writes SubRip instead', async () => {
    const server = await hlsWithSubs();
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/h/master.m3u8`, '-o', 'talk.ts', '--subs', 'en', '--sub-format', 'srt', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'talk.subs.en.srt'), 'utf8')).toBe('1\n00:00:00,600 --> 00:00:02,000\nFirst\n\n2\n00:00:02,100 --> 00:00:02,600\nSecond\n');
  });

  it('DASH: a text/vtt track of a later Period is moved by that Period\'s start', async () => {
    const period = (id: string, start: string, subs: string) =>
      `<Period id="${id}" start="${start}">\n${VIDEO_SET.replace('startNumber="1"', 'startNumber="1"')}\n<AdaptationSet contentType="text" mimeType="text/vtt" lang="en"><Representation id="s${id}" bandwidth="1"><BaseURL>${subs}</BaseURL></Representation></AdaptationSet>\n</Period>`;
    const text = `<MPD type="static" mediaPresentationDuration="PT8S">\n${period('a', 'PT0S', 'a.vtt')}\n${period('b', 'PT4S', 'b.vtt')}\n</MPD>`;
    const server = await dashServer({
      '/d/two.mpd': { body: text, type: 'application/dash+xml' },
      '/d/a.vtt': { body: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nIn the first\n' },
      '/d/b.vtt': { body: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nIn the second\n' },
    });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/two.mpd`, '-o', 'two.m4s', '--subs', 'en', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(dir, 'two.subs.en.vtt'), 'utf8')).toBe('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nIn the first\n\n00:00:05.000 --> 00:00:06.000\nIn the second\n\n');
  });

  it.runIf(hasFfmpeg)('muxed into an .mkv, the subtitles keep their times (ffmpeg does not move them to 0)', async () => {
    const text = `<MPD type="static" mediaPresentationDuration="PT4S">\n<Period>\n${VIDEO_SET}\n<AdaptationSet contentType="text" mimeType="text/vtt" lang="en"><Representation id="s" bandwidth="1"><BaseURL>s.vtt</BaseURL></Representation></AdaptationSet>\n</Period>\n</MPD>`;
    const server = await dashServer({
      '/d/m.mpd': { body: text, type: 'application/dash+xml' },
      '/d/s.vtt': { body: 'WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nTwo seconds in\n' },
    });
    const dir = tempDir();
    const result = await runCli(['stream', `${server.url}/d/m.mpd`, '-o', 'm.mkv', '--subs', 'en', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 's', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', join(dir, 'm.mkv')], { encoding: 'utf8' });
    expect(Number(probe.stdout.trim())).toBeCloseTo(2, 2);
  });
});
