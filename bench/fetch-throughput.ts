// Fetcher throughput: N GETs of a 15 KB page at concurrency C against a local node:http server
// running in a child process (so its CPU is not counted). Prints requests/s and the client's CPU
// time per request. Run: npx tsx bench/fetch-throughput.ts [N] [C]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request as undiciRequest, Agent } from 'undici';
import { Fetcher } from '../src/http/index.js';

const N = Number(process.argv[2] ?? 20_000);
const C = Number(process.argv[3] ?? 64);

if (process.env.TRAWL_BENCH_SERVER) {
  const { createServer } = await import('node:http');
  const page = Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>page</title></head><body>${'<p>lorem ipsum dolor sit amet</p>\n'.repeat(440)}</body></html>`).subarray(0, 15 * 1024);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    res.end(page);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.(typeof address === 'object' && address ? address.port : 0);
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, TRAWL_BENCH_SERVER: '1' },
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
  const base = `http://127.0.0.1:${port}`;

  async function run(label: string, one: (i: number) => Promise<number>, count = N): Promise<void> {
    let next = 0;
    let bytes = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const size = await one(next++);
        bytes += size;
      }
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: C }, worker));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(
      `${label.padEnd(26)} ${count} req  ${(count / (ms / 1000)).toFixed(0).padStart(6)} req/s  ` +
        `${(cpuMs / count).toFixed(3)} CPU ms/req  (${((cpuMs / ms) * 100).toFixed(0)}% of one core, ` +
        `${(bytes / count / 1024).toFixed(1)} KB/page)`,
    );
  }

  const fetcher = new Fetcher({ concurrency: C, perHost: C });
  await run('warm-up (Fetcher.fetch)', async (i) => (await fetcher.fetch({ url: `${base}/w/${i}` })).body.length, 2000);
  await run('Fetcher.fetch', async (i) => (await fetcher.fetch({ url: `${base}/p/${i}` })).body.length);
  await run('Fetcher.fetch + .text', async (i) => (await fetcher.fetch({ url: `${base}/t/${i}` })).text.length);
  await fetcher.close();

  const agent = new Agent({ connections: C, pipelining: 1 });
  await run('undici.request (baseline)', async (i) => {
    const res = await undiciRequest(`${base}/u/${i}`, { dispatcher: agent });
    return (await res.body.arrayBuffer()).byteLength;
  });
  await agent.close();
  child.kill();
}
