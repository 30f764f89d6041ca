// downloadHls throughput and memory: an AES-128 stream of N segments of S KB served by a local
// node:http server in a child process (unthrottled, so this measures trawl's own cost: fetch,
// decrypt, reorder, write), at concurrency C. Prints MB/s, CPU per MB and the peak RSS seen.
// Run: npx tsx bench/hls-download.ts [N=400] [S=256] [C=16]
// For the side-by-side comparison with yt-dlp and ffmpeg (40 ms latency, 4 MB/s per connection):
//   python3 /work/shared/bench/run.py hls --tools yt-dlp,trawl --runs 3
import { fork } from 'node:child_process';
import { createCipheriv } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadHls, type HlsEvent } from '../src/hls/index.js';
import { TypedEmitter } from '../src/util/emitter.js';

const N = Number(process.argv[2] ?? 400);
const SEGMENT_KB = Number(process.argv[3] ?? 256);
const C = Number(process.argv[4] ?? 16);
const KEY = Buffer.alloc(16, 0x2b);

if (process.env.TRAWL_BENCH_SERVER) {
  const { createServer } = await import('node:http');
  const packets = Math.floor((SEGMENT_KB * 1024) / 188);
  const segments = Array.from({ length: N }, (_, index) => {
    const plain = Buffer.alloc(packets * 188, index & 0xff);
    for (let offset = 0; offset < plain.length; offset += 188) plain[offset] = 0x47;
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(index, 12);
    const cipher = createCipheriv('aes-128-cbc', KEY, iv);
    return Buffer.concat([cipher.update(plain), cipher.final()]);
  });
  const lines = ['#EXTM3U', '#EXT-X-TARGETDURATION:2', '#EXT-X-KEY:METHOD=AES-128,URI="key.bin"'];
  for (let index = 0; index < N; index++) lines.push('#EXTINF:2.0,', `s${index}.ts`);
  lines.push('#EXT-X-ENDLIST');
  const playlist = `${lines.join('\n')}\n`;
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const match = /^\/s(\d+)\.ts$/.exec(path);
    const body = path === '/index.m3u8' ? Buffer.from(playlist) : path === '/key.bin' ? KEY : match ? segments[Number(match[1])] : undefined;
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
  const dir = mkdtempSync(join(tmpdir(), 'trawl-bench-hls-'));
  let peakRss = 0;
  const events = new TypedEmitter<HlsEvent>();
  events.on((event) => {
    if (event.type === 'progress') peakRss = Math.max(peakRss, process.memoryUsage().rss);
  });
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await downloadHls({ url: `http://127.0.0.1:${port}/index.m3u8`, output: join(dir, 'out.ts'), concurrency: C, probe: false, events });
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
