// Recording a dynamic MPD (ISO/IEC 23009-1 5.4): from the live edge, each segment once, as the
// clock makes them available (templates with @duration) or reloads list them (SegmentTimeline,
// @minimumUpdatePeriod), until --duration or until the MPD turns static.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadDash } from '../../../src/index.js';
import { fixtureServer, tempDir } from './helpers.js';

const dir = tempDir('trawl-dash-live-');
const init = Buffer.from('LIVE-INIT');
const segment = (n: number): Buffer => Buffer.alloc(1000 + n, n & 0xff);

describe('live DASH', () => {
  it('5.4: a @duration template is recorded from the live edge as the clock makes segments available, until --duration', async () => {
    const start = Date.now() - 10_500; // segments 1..10 exist when the recording starts
    const ast = new Date(start).toISOString();
    const files: Parameters<typeof fixtureServer>[0] = {
      '/l/live.mpd': {
        type: 'application/dash+xml',
        body: `<MPD type="dynamic" availabilityStartTime="${ast}" timeShiftBufferDepth="PT30S">\n<Period start="PT0S">\n<AdaptationSet contentType="video" mimeType="video/mp4">\n<SegmentTemplate timescale="1" duration="1" initialization="init.mp4" media="$Number$.m4s" startNumber="1" />\n<Representation id="v" bandwidth="8000" />\n</AdaptationSet>\n</Period>\n</MPD>`,
      },
      '/l/init.mp4': { body: init },
    };
    for (let n = 1; n <= 40; n++) files[`/l/${n}.m4s`] = { body: segment(n) };
    const server = await fixtureServer(files);
    const output = join(dir, 'rec.m4s');
    const result = await downloadDash({ url: `${server.url}/l/live.mpd`, output, live: true, durationSeconds: 5 });
    const fetched = [...server.hits.keys()].filter((path) => /\/\d+\.m4s$/.test(path)).map((path) => Number(/(\d+)\.m4s$/.exec(path)![1])).sort((a, b) => a - b);
    // The newest three at the start (8, 9, 10), then the next two as they appeared.
    expect(fetched).toEqual([8, 9, 10, 11, 12]);
    expect(readFileSync(output).equals(Buffer.concat([init, ...fetched.map(segment)]))).toBe(true);
    expect(result.live).toBe(true);
    expect(result.extinfSeconds).toBe(5);
    for (const n of fetched) expect(server.hits.get(`/l/${n}.m4s`)).toBe(1);
  });

  it('5.3.9.6: a SegmentTimeline window is reloaded every @minimumUpdatePeriod, each segment once, until the MPD turns static', async () => {
    const timeline = (first: number, last: number): string => `<S t="${first * 1000}" d="1000" r="${last - first}" />`;
    // Two live windows, then the MPD turns static with every segment listed.
    const windows = [
      [1, 4],
      [2, 5],
      [0, 7],
    ];
    const mpdText = (hit: number): string => {
      const [first, last] = windows[Math.min(hit, windows.length) - 1] as [number, number];
      const ended = hit >= windows.length;
      const head = ended ? 'type="static" mediaPresentationDuration="PT8S"' : 'type="dynamic" availabilityStartTime="2024-01-01T00:00:00Z" minimumUpdatePeriod="PT0.5S"';
      return `<MPD ${head}>\n<Period start="PT0S">\n<AdaptationSet contentType="video" mimeType="video/mp4">\n<SegmentTemplate timescale="1000" initialization="init.mp4" media="t$Time$.m4s">\n<SegmentTimeline>${ended ? timeline(0, last) : timeline(first, last)}</SegmentTimeline>\n</SegmentTemplate>\n<Representation id="v" bandwidth="8000" />\n</AdaptationSet>\n</Period>\n</MPD>`;
    };
    const files: Parameters<typeof fixtureServer>[0] = {
      '/t/live.mpd': (hit) => ({ type: 'application/dash+xml', body: mpdText(hit) }),
      '/t/init.mp4': { body: init },
    };
    for (let n = 0; n <= 8; n++) files[`/t/t${n * 1000}.m4s`] = { body: segment(n) };
    const server = await fixtureServer(files);
    const output = join(dir, 'timeline.m4s');
    await downloadDash({ url: `${server.url}/t/live.mpd`, output, live: true });
    // First load: the newest three of 1-4; then 5; then the static MPD's 6 and 7, and the end.
    const recorded = [2, 3, 4, 5, 6, 7];
    expect(readFileSync(output).equals(Buffer.concat([init, ...recorded.map(segment)]))).toBe(true);
    for (const n of recorded) expect(server.hits.get(`/t/t${n * 1000}.m4s`)).toBe(1);
    expect(server.hits.get('/t/live.mpd')).toBe(3);
  });
});
