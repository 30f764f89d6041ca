// Benchmark of the Redis frontier against a redis-server of its own (test/helpers/redis-server.ts,
// a temp dir and a free port; never the machine's shared server). Prints figures for:
//   throughput  lease 100 + commit 100 in a loop, one client and two client processes
//   scale       N queued requests (default 10,000,000): add rate, Redis memory per request
//               (INFO used_memory delta / N), client RSS sampled while adding and leasing
//   aof         appendonly yes + appendfsync everysec: commits in a loop, SIGKILL redis-server,
//               restart from the AOF, count acknowledged commits that are missing
//   aof-busy    the same while another process writes 1 GB to the disk with fsync
//   keys        N 40-hex fingerprints: one set against the frontier's 2^18 hash buckets
// Run: npx tsx bench/redis-frontier.ts [throughput|scale|aof|aof-busy|keys|all] [N]
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { keySlot } from '../src/frontier/backends/redis-codec.js';
import { openRedisFrontier } from '../src/frontier/index.js';
import type { FrontierBackend } from '../src/types/frontier.js';
import type { CrawlRequest } from '../src/types/request.js';
import { startRedisServer, type RedisServer } from '../test/helpers/redis-server.js';

const [part = 'all', nArg] = process.argv.slice(2);
const N = Number(nArg ?? 10_000_000);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
/** "min–max, median of the first and the last fifth": flat means the two medians agree. */
function rssSummary(samples: readonly number[]): string {
  const median = (part: readonly number[]): number => [...part].sort((a, b) => a - b)[Math.floor(part.length / 2)] ?? 0;
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  return `${samples.length} samples, ${mb(Math.min(...samples))}–${mb(Math.max(...samples))}, median ${mb(median(samples.slice(0, fifth)))} in the first fifth and ${mb(median(samples.slice(-fifth)))} in the last`;
}
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A realistic request: a ~60-character URL and a 40-hex fingerprint. */
function request(i: number): CrawlRequest {
  return {
    url: `https://shop.example.com/catalogue/category/item-${i}.html?page=2`,
    method: 'GET',
    priority: 0,
    depth: 2,
    uniqueKey: createHash('sha1').update(`req-${i}`).digest('hex'),
    retries: 0,
  };
}

async function addRange(f: FrontierBackend, from: number, to: number, batch = 1000, onBatch?: () => void): Promise<void> {
  for (let i = from; i < to; i += batch) {
    const requests: CrawlRequest[] = [];
    for (let j = i; j < Math.min(to, i + batch); j++) requests.push(request(j));
    await f.add(requests);
    onBatch?.();
  }
}

/** CPU seconds the Redis server has used (user + sys). */
async function redisCpu(raw: Redis): Promise<number> {
  const info = await raw.info('cpu');
  return Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1]);
}

/** CPU µs per request of this process and of Redis since `start`: comparable on a busy machine. */
async function cpuPer(raw: Redis, start: { client: NodeJS.CpuUsage; redis: number }, n: number): Promise<string> {
  const client = process.cpuUsage(start.client);
  const redis = (await redisCpu(raw)) - start.redis;
  return `CPU per request: client ${((client.user + client.system) / n).toFixed(1)} µs, Redis ${((redis * 1e6) / n).toFixed(1)} µs`;
}

async function cpuStart(raw: Redis): Promise<{ client: NodeJS.CpuUsage; redis: number }> {
  return { client: process.cpuUsage(), redis: await redisCpu(raw) };
}

async function usedMemory(raw: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await raw.info('memory'))?.[1]);
}

/** Leases `batch` and commits them done until `seconds` pass; returns requests done. */
async function leaseCommitLoop(f: FrontierBackend, seconds: number, batch: number, onBatch?: () => void): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  while (performance.now() < until) {
    const leased = await f.lease(batch, 60_000, 'bench');
    if (leased.length === 0) break;
    await f.commit({ done: leased.map((r) => r.id) });
    done += leased.length;
    onBatch?.();
  }
  return done;
}

// A child process of the two-client run: lease/commit for `seconds`, print how many.
if (part === 'child') {
  const [, , , url = '', job = '', seconds = '10'] = process.argv;
  const f = await openRedisFrontier(url, job);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const started = performance.now();
  const done = await leaseCommitLoop(f, Number(seconds), 100);
  process.stdout.write(`${done} ${performance.now() - started}\n`);
  await f.close();
  process.exit(0);
}

async function throughput(server: RedisServer): Promise<void> {
  const seconds = 10;
  const raw = new Redis(server.url);
  const f = await openRedisFrontier(server.url, 'throughput');
  await addRange(f, 0, 2_500_000, 5000);
  let cpu = await cpuStart(raw);
  const started = performance.now();
  const done = await leaseCommitLoop(f, seconds, 100);
  const wall = performance.now() - started;
  console.log(`one client, lease 100 + commit 100: ${fmt(done)} requests in ${(wall / 1000).toFixed(1)} s = ${fmt(done / (wall / 1000))}/s; ${await cpuPer(raw, cpu, done)}`);
  for (const size of [10, 1000]) {
    cpu = await cpuStart(raw);
    const t = performance.now();
    const n = await leaseCommitLoop(f, 5, size);
    console.log(`one client, lease ${size} + commit ${size}: ${fmt(n / ((performance.now() - t) / 1000))}/s; ${await cpuPer(raw, cpu, n)}`);
  }
  await f.close();
  raw.disconnect();

  const script = fileURLToPath(import.meta.url);
  const children = [0, 1].map(() => spawn(process.execPath, ['--import', 'tsx', script, 'child', server.url, 'throughput', String(seconds)], { stdio: ['pipe', 'pipe', 'inherit'] }));
  const outputs = children.map((child) => {
    const output = { text: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    return output;
  });
  const closed = children.map((child) => new Promise((resolve) => child.on('close', resolve)));
  while (!outputs.every((output) => output.text.includes('ready'))) await sleep(20);
  for (const child of children) child.stdin.write('go\n');
  await Promise.all(closed);
  const results = outputs.map((output) => (output.text.split('\n')[1] ?? '').split(' ').map(Number));
  const total = results.reduce((sum, [n = 0]) => sum + n, 0);
  const longest = Math.max(...results.map(([, ms = 0]) => ms));
  console.log(`two client processes, lease 100 + commit 100: ${fmt(total)} requests in ${(longest / 1000).toFixed(1)} s = ${fmt(total / (longest / 1000))}/s (${results.map(([n = 0, ms = 1]) => fmt(n / (ms / 1000))).join(' + ')})`);
}

async function scale(server: RedisServer): Promise<void> {
  const raw = new Redis(server.url);
  const f = await openRedisFrontier(server.url, 'scale');
  const before = await usedMemory(raw);
  const addCpu = await cpuStart(raw);
  const rss: number[] = [];
  let batches = 0;
  const sample = (): void => {
    if (++batches % 200 === 0) rss.push(process.memoryUsage.rss());
  };
  const started = performance.now();
  let last = started;
  for (let i = 0; i < N; i += 1_000_000) {
    await addRange(f, i, Math.min(N, i + 1_000_000), 1000, sample);
    const now = performance.now();
    console.log(`  added ${fmt(Math.min(N, i + 1_000_000))}: ${fmt(1_000_000 / ((now - last) / 1000))}/s, client RSS ${mb(process.memoryUsage.rss())}`);
    last = now;
  }
  const wall = performance.now() - started;
  const after = await usedMemory(raw);
  const addRss = rss.splice(0);
  console.log(`add ${fmt(N)} (batches of 1,000): ${(wall / 1000).toFixed(1)} s, ${fmt(N / (wall / 1000))}/s; ${await cpuPer(raw, addCpu, N)} (client includes making the requests)`);
  console.log(`Redis used_memory: ${mb(before)} -> ${mb(after)}, ${((after - before) / N).toFixed(1)} bytes per queued request`);
  console.log(`client RSS while adding: ${rssSummary(addRss)}`);

  const leaseSeconds = Number(process.env.LEASE_SECONDS ?? 60);
  const leaseCpu = await cpuStart(raw);
  const t = performance.now();
  const done = await leaseCommitLoop(f, leaseSeconds, 1000, () => rss.push(process.memoryUsage.rss()));
  const leaseWall = performance.now() - t;
  const afterLease = await usedMemory(raw);
  console.log(`lease 1,000 + commit 1,000 from the ${fmt(N)}-request job for ${leaseSeconds} s: ${fmt(done)} done, ${fmt(done / (leaseWall / 1000))}/s; ${await cpuPer(raw, leaseCpu, done)}`);
  console.log(`client RSS while leasing: ${rssSummary(rss)}`);
  console.log(`Redis used_memory after: ${mb(afterLease)} (a done request keeps only its fingerprint: ${((after - afterLease) / done).toFixed(1)} bytes freed per request done)`);
  const counts = await f.counts();
  console.log(`counts: ${JSON.stringify(counts)}`);
  await f.close();
  raw.disconnect();
}

/**
 * `busy`: another process writes 1 GB to the same disk and fsyncs it meanwhile, so the AOF's
 * background fsync is slow: Redis then postpones its AOF writes (up to 2 s) but still answers.
 */
async function aof(busy: boolean): Promise<void> {
  const rounds = busy ? 3 : 5;
  for (let round = 1; round <= rounds; round++) {
    const server = await startRedisServer({ aof: true });
    const ballast = busy
      ? spawn('dd', ['if=/dev/zero', `of=${server.dir}/ballast`, 'bs=1M', 'count=1024', 'conv=fsync'], { stdio: 'ignore' })
      : undefined;
    try {
      const f = await openRedisFrontier(server.url, 'aof', { reconnectForMs: 0 });
      await addRange(f, 0, 300_000, 10_000);
      const acked: number[] = [];
      let n = 0;
      const loop = (async () => {
        for (;;) {
          const batch = await f.lease(10, 60_000);
          const numbers = batch.map(() => ++n);
          await f.commit({ done: batch.map((r) => r.id), items: batch.map((r, i) => ({ lease: r.id, items: [String(numbers[i])] })) });
          const at = Date.now();
          for (let i = 0; i < numbers.length; i++) acked.push(at);
        }
      })().catch(() => undefined);
      await sleep(4000);
      const killedAt = Date.now();
      await server.kill();
      await loop;
      await f.close();
      await server.restart();
      const after = await openRedisFrontier(server.url, 'aof');
      const kept = (await after.counts()).done;
      const items = await after.queuedItems();
      await after.close();
      const lost = Math.max(0, acked.length - kept);
      const lostSince = lost > 0 ? killedAt - (acked[acked.length - lost] as number) : 0;
      console.log(
        `${busy ? 'disk busy, ' : ''}round ${round}: ${fmt(acked.length)} requests committed and acknowledged, ${fmt(kept)} kept after SIGKILL + restart (${fmt(items)} items queued): ` +
          `${fmt(lost)} acknowledged lost${lost > 0 ? `, the oldest acknowledged ${lostSince} ms before the kill` : ''}`,
      );
    } finally {
      ballast?.kill('SIGKILL');
      await server.stop();
    }
  }
}

/** Why fingerprints live in hash buckets: bytes per key, measured. */
async function keys(server: RedisServer): Promise<void> {
  const raw = new Redis(server.url);
  const count = N;
  const layouts: [string, (key: string) => [string, ...string[]]][] = [
    ['one set (SADD)', (key) => ['sadd', 'set', key]],
    ['2^18 hash buckets (HSETNX, the frontier)', (key) => { const { bucket, field } = keySlot(key); return ['hsetnx', `u:${bucket}`, field, '']; }],
  ];
  for (const [label, command] of layouts) {
    await raw.flushall();
    const before = await usedMemory(raw);
    for (let i = 0; i < count; i += 10_000) {
      const pipeline = raw.pipeline();
      for (let j = i; j < i + 10_000; j++) {
        const [name, ...args] = command(createHash('sha1').update(`req-${j}`).digest('hex'));
        pipeline.call(name, ...args);
      }
      await pipeline.exec();
    }
    console.log(`${fmt(count)} fingerprints in ${label}: ${(((await usedMemory(raw)) - before) / count).toFixed(1)} bytes each`);
  }
  raw.disconnect();
}

console.log(`node ${process.version}; redis-server of its own (--save "" , appendonly as stated)`);
if (part === 'throughput' || part === 'all') {
  const server = await startRedisServer();
  try {
    await throughput(server);
  } finally {
    await server.stop();
  }
}
if (part === 'scale' || part === 'all') {
  const server = await startRedisServer();
  try {
    await scale(server);
  } finally {
    await server.stop();
  }
}
if (part === 'keys' || part === 'all') {
  const server = await startRedisServer();
  try {
    await keys(server);
  } finally {
    await server.stop();
  }
}
if (part === 'aof' || part === 'all') await aof(false);
if (part === 'aof-busy' || part === 'all') await aof(true);
