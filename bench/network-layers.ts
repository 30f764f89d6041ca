// What the network layers cost per request: N GETs of a 15 KB page at concurrency C, direct,
// with the HTTP cache storing every response (refresh mode), replaying them (replay mode, the
// site untouched), and through a forward HTTP proxy and a SOCKS5 proxy. The site and the proxies
// run in a child process, so only the client's CPU is counted.
//   npx tsx bench/network-layers.ts [N=5000] [C=32]
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fetcher, type FetcherOptions } from '../src/http/index.js';
import { formatBytes } from '../src/util/bytes.js';

const N = Number(process.argv[2] ?? 5000);
const C = Number(process.argv[3] ?? 32);

interface Ports {
  site: number;
  proxy: number;
  socks: number;
}

if (process.env.TRAWL_BENCH_CHILD) {
  const { createServer } = await import('node:http');
  const { startProxy } = await import('../test/helpers/proxy.js');
  const { startSocksServer } = await import('../test/helpers/socks-server.js');
  const page = Buffer.from(`<!doctype html><html><body>${'<p>lorem ipsum dolor sit amet</p>\n'.repeat(440)}</body></html>`).subarray(0, 15 * 1024);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length }).end(page);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', async () => {
    const address = server.address();
    const proxy = await startProxy();
    const socks = await startSocksServer();
    const ports: Ports = { site: typeof address === 'object' && address ? address.port : 0, proxy: proxy.port, socks: socks.port };
    process.send?.(ports);
  });
} else {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, TRAWL_BENCH_CHILD: '1' }, execArgv: ['--import', 'tsx'] });
  const ports = await new Promise<Ports>((resolve) => child.once('message', (m) => resolve(m as Ports)));
  const base = `http://127.0.0.1:${ports.site}`;
  const dir = mkdtempSync(join(tmpdir(), 'trawl-bench-cache-'));

  async function run(label: string, options: FetcherOptions, prefix: string): Promise<void> {
    const fetcher = new Fetcher({ concurrency: C, perHost: C, ...options });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < N) await fetcher.fetch({ url: `${base}/${prefix}/${next++}` });
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(Array.from({ length: C }, worker));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await fetcher.close();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    console.log(`${label.padEnd(30)} ${(N / (ms / 1000)).toFixed(0).padStart(6)} req/s  ${(cpuMs / N).toFixed(3)} CPU ms/req`);
  }

  try {
    await run('warm-up (direct)', {}, 'w');
    await run('direct', {}, 'd');
    await run('cache: fetch + store (refresh)', { cache: { dir, mode: 'refresh' } }, 'c');
    await run('cache: replay (all hits)', { cache: { dir, mode: 'replay' } }, 'c');
    await run('HTTP proxy (absolute form)', { proxy: `http://127.0.0.1:${ports.proxy}` }, 'p');
    await run('SOCKS5 proxy', { proxy: `socks5://127.0.0.1:${ports.socks}` }, 's');
    console.log(`cache file: ${formatBytes(statSync(join(dir, 'http-cache.db')).size)} for ${N} pages`);
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
