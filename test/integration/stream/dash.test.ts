// DASH downloads against a local server: templates, SegmentBase + sidx, SegmentList ranges,
// Periods and their init sections, BaseURLs after a redirect; the raw output is the init then
// every segment, byte for byte, and appears under its name only once whole.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadDash, downloadStream } from '../../../src/index.js';
import { AUDIO_SET, VIDEO_SET, audio, base, dashServer, mpd, tempDir, video } from './helpers.js';

const dir = tempDir('trawl-dash-');
const videoBytes = Buffer.concat([video.init, ...video.segments]);

describe('downloadDash', () => {
  it('writes one Representation as its init section then every segment in order, byte for byte, with no .part or state left', async () => {
    const server = await dashServer({ '/d/one.mpd': { body: mpd(VIDEO_SET) } });
    const output = join(dir, 'one.m4s');
    const result = await downloadDash({ url: `${server.url}/d/one.mpd`, output, concurrency: 3 });
    expect(readFileSync(output).equals(videoBytes)).toBe(true);
    expect(result).toMatchObject({ format: 'dash', output, outputs: [output], segments: 4, probe: 'timestamps', remux: 'not-needed' });
    expect(result.extinfSeconds).toBe(4);
    expect(result.probedSeconds).toBeCloseTo(4, 1);
    expect(readdirSync(dir).filter((name) => name.startsWith('one.'))).toEqual(['one.m4s']);
    expect(server.hits.get('/d/init-0.m4s')).toBe(1);
  });

  it('5.3.9.2: a SegmentBase Representation is read through its sidx: the init range, then each range the sidx lists', async () => {
    const text = mpd(
      `<AdaptationSet contentType="video" mimeType="video/mp4">\n<Representation id="v" bandwidth="40000">\n<BaseURL>base.mp4</BaseURL>\n` +
        `<SegmentBase indexRange="${base.indexRange}"><Initialization range="${base.initRange}" /></SegmentBase>\n</Representation>\n</AdaptationSet>`,
    );
    const server = await dashServer({ '/d/base.mpd': { body: text } });
    const output = join(dir, 'base.m4v');
    const result = await downloadDash({ url: `${server.url}/d/base.mpd`, output });
    const expected = Buffer.concat([base.file.subarray(0, 801), base.file.subarray(base.mediaStart, base.mediaEnd)]);
    expect(readFileSync(output).equals(expected)).toBe(true);
    expect(result.segments).toBe(4);
    const ranges = server.log.filter((entry) => entry.path === '/d/base.mp4').map((entry) => entry.headers.range);
    expect(ranges).toContain('bytes=801-888');
    expect(ranges).toContain('bytes=0-800');
  });

  it('5.3.9.3: SegmentList SegmentURL@mediaRange ranges of one file are fetched as ranges and joined', async () => {
    const text = mpd(
      `<AdaptationSet contentType="video" mimeType="video/mp4">\n<Representation id="v" bandwidth="40000">\n<BaseURL>base.mp4</BaseURL>\n` +
        '<SegmentList timescale="10" duration="10"><Initialization range="0-800" />' +
        '<SegmentURL mediaRange="889-8429" /><SegmentURL mediaRange="8430-14955" /><SegmentURL mediaRange="14956-21812" /><SegmentURL mediaRange="21813-27892" />' +
        '</SegmentList>\n</Representation>\n</AdaptationSet>',
    );
    const server = await dashServer({ '/d/list.mpd': { body: text } });
    const output = join(dir, 'list.m4v');
    await downloadDash({ url: `${server.url}/d/list.mpd`, output });
    expect(readFileSync(output).equals(Buffer.concat([base.file.subarray(0, 801), base.file.subarray(889, 27893)]))).toBe(true);
  });

  it('several Periods join into one track; the init section is written again only when it changes', async () => {
    const period = (id: string, start: string, init: string) =>
      `<Period id="${id}" start="${start}">\n<AdaptationSet contentType="video" mimeType="video/mp4">\n<SegmentTemplate timescale="1" duration="1" initialization="${init}" media="seg-0-$Number%03d$.m4s" />\n<Representation id="0" bandwidth="1" />\n</AdaptationSet>\n</Period>`;
    const text = `<MPD type="static" mediaPresentationDuration="PT6S">\n${period('a', 'PT0S', 'init-0.m4s')}\n${period('b', 'PT2S', 'init-0.m4s')}\n${period('c', 'PT4S', 'init-1.m4s')}\n</MPD>`;
    const server = await dashServer({ '/d/periods.mpd': { body: text } });
    const output = join(dir, 'periods.m4s');
    const result = await downloadDash({ url: `${server.url}/d/periods.mpd`, output });
    const [s1, s2] = video.segments;
    expect(readFileSync(output).equals(Buffer.concat([video.init, s1!, s2!, s1!, s2!, audio.init, s1!, s2!]))).toBe(true);
    expect(result.segments).toBe(6);
  });

  it('5.6: BaseURLs resolve against the MPD\'s final URL after a redirect', async () => {
    const text = mpd(VIDEO_SET.replace('<SegmentTemplate', '<BaseURL>../d/</BaseURL>\n<SegmentTemplate'));
    const server = await dashServer({
      '/short': (_hit, _req, res) => {
        res.writeHead(302, { location: '/elsewhere/stream.mpd' });
        res.end();
        return null;
      },
      '/elsewhere/stream.mpd': { body: text, type: 'application/dash+xml' },
    });
    const output = join(dir, 'redirected.m4s');
    await downloadStream({ url: `${server.url}/short`, output });
    expect(readFileSync(output).equals(videoBytes)).toBe(true);
  });

  it('downloadStream tells DASH from HLS by the body, then by Content-Type, then by the extension', async () => {
    const server = await dashServer({
      '/d/no-extension': { body: mpd(VIDEO_SET), type: 'text/plain' },
      '/d/typed': { body: `  ${mpd(VIDEO_SET).replace('<?xml version="1.0" encoding="utf-8"?>\n', '')}`, type: 'application/dash+xml' },
    });
    for (const path of ['/d/no-extension', '/d/typed']) {
      const output = join(dir, `detect${path.replace(/\W/g, '-')}.m4s`);
      const result = await downloadStream({ url: `${server.url}${path}`, output });
      expect(result.format).toBe('dash');
      expect(readFileSync(output).equals(videoBytes)).toBe(true);
    }
  });

  it('video and audio to a non-container name are written each to its own file, named by role and language', async () => {
    const server = await dashServer({ '/d/av.mpd': { body: mpd(`${VIDEO_SET}\n${AUDIO_SET}`) } });
    const output = join(dir, 'av.bin');
    const result = await downloadDash({ url: `${server.url}/d/av.mpd`, output });
    expect(result.outputs).toEqual([join(dir, 'av.video.mp4'), join(dir, 'av.audio.en.m4a')]);
    expect(readFileSync(join(dir, 'av.video.mp4')).equals(videoBytes)).toBe(true);
    expect(readFileSync(join(dir, 'av.audio.en.m4a')).equals(Buffer.concat([audio.init, ...audio.segments]))).toBe(true);
    expect(existsSync(output)).toBe(false);
  });
});

describe('downloadDash across Periods', () => {
  it('says so when a track has nothing in a Period, instead of leaving the hole unmentioned', async () => {
    const period = (id: string, start: string, withAudio: boolean) =>
      `<Period id="${id}" start="${start}">\n${VIDEO_SET}\n${withAudio ? AUDIO_SET : ''}\n</Period>`;
    const text = `<MPD type="static" mediaPresentationDuration="PT8S">\n${period('one', 'PT0S', true)}\n${period('two', 'PT4S', false)}\n</MPD>`;
    const server = await dashServer({ '/d/hole.mpd': { body: text } });
    const { TypedEmitter } = await import('../../../src/util/emitter.js');
    const events = new TypedEmitter<import('../../../src/index.js').StreamEvent>();
    const warnings: string[] = [];
    events.on((event) => event.type === 'warning' && warnings.push(event.message));
    const result = await downloadDash({ url: `${server.url}/d/hole.mpd`, output: join(dir, 'hole.bin'), events });
    expect(warnings).toContain('the audio track has nothing in Period "two" (no audio AdaptationSet in en there): that part of the presentation is missing from it');
    expect(result.tracks.map((track) => track.segments)).toEqual([8, 4]);
  });
});
