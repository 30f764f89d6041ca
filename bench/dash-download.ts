// downloadDash throughput and memory: a SegmentTemplate MPD of N segments of S KB served by a
// local node:http server in a child process (unthrottled, so this measures trawl's own cost:
// MPD, fetch, reorder, write), at concurrency C. Prints MB/s, CPU per MB and the peak RSS seen.
// Run: npx tsx bench/dash-download.ts [N=400] [S=256] [C=16]
// For the side-by-side comparison with yt-dlp and ffmpeg (40 ms latency, 4 MB/s per connection):
//   python3 /work/shared/bench/run.py dash --tools yt-dlp,trawl --runs 3
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadDash } from '../src/dash/index.js';
import type { StreamEvent } from '../src/stream/types.js';
import { TypedEmitter } from '../src/util/emitter.js';

const N = Number(process.argv[2] ?? 400);
const SEGMENT_KB = Number(process.argv[3] ?? 256);
const C = Number(process.argv[4] ?? 16);

if (process.env.TRAWL_BENCH_SERVER) {
  const { createServer } = await import('node:http');
  const init = Buffer.alloc(800, 1);
  const segments = Array.from({ length: N }, (_, index) => Buffer.alloc(SEGMENT_KB * 1024, index & 0xff));
  const mpd =
    `<MPD type="static" mediaPresentationDuration="PT${N * 2}S"><Period><AdaptationSet contentType="video" mimeType="video/mp4">` +
    '<SegmentTemplate timescale="1" duration="2" initialization="init.m4s" media="s$Number$.m4s" startNumber="0" />' +
    '<Representation id="v" bandwidth="1000000" /></AdaptationSet></Period></MPD>';
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const match = /^\/s(\d+)\.m4s$/.exec(path);
    const body = path === '/manifest.mpd' ? Buffer.from(mpd) : path === '/init.m4s' ? init : match ? segments[Number(match[1])] : undefined;
    if (!body) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.(typeof address === 'object' && address ? address.port : 0);
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
    env: { ...process.env, TRAWL_BENCH_SERVER: '1' },
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  const dir = mkdtempSync(join(tmpdir(), 'trawl-bench-dash-'));
  let peakRss = 0;
  const events = new TypedEmitter<StreamEvent>();
  events.on((event) => {
    if (event.type === 'progress') peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await downloadDash({ url: `http://127.0.0.1:${port}/manifest.mpd`, output: join(dir, 'out.m4s'), concurrency: C, probe: false, events });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const mb = statSync(result.output).size / 1e6;
    console.log(
      `${N} segments x ${SEGMENT_KB} KB at c=${C}: ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(mb / seconds).toFixed(1)} MB/s, ` +
        `${((cpu.user + cpu.system) / 1000 / mb).toFixed(1)} CPU ms/MB, peak RSS ${(peakRss / 1e6).toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    child.kill();
  }
}
