// Jobs kept in Redis (a real redis-server the tests start on a free port): workers of one job,
// trawl worker joining from another process, and exactly once when a worker, the owner, or
// Redis itself (AOF on) is killed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openRedisFrontier } from '../../../src/frontier/backends/redis.js';
import type { WorkerRecord } from '../../../src/types/frontier.js';
import { expectEveryItemOnce, readJsonl } from '../../helpers/items.js';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { REDIS_SKIP_NOTICE, redisServerPath, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { startServer, type TestServer } from '../../helpers/server.js';

const describeRedis = redisServerPath ? describe : describe.skip;
if (!redisServerPath) process.stderr.write(`\n[redis tests skipped] ${REDIS_SKIP_NOTICE}\n`);

interface Site {
  readonly server: TestServer;
  readonly items: Map<string, string>;
}

/** / links to `count` items; each item links to two others; every answer waits `latencyMs`. */
async function fanSite(count: number, latencyMs: number): Promise<Site> {
  const server = await startServer(async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const path = req.url ?? '/';
    const match = /^\/item\/(\d+)$/.exec(path);
    let body: string;
    if (path === '/') body = Array.from({ length: count }, (_, i) => `<a href="/item/${i + 1}">${i + 1}</a>`).join('');
    else if (match && Number(match[1]) <= count) {
      const id = Number(match[1]);
      body = `<h1>item ${id}</h1><a href="/item/${(id % count) + 1}">n</a><a href="/item/${((id + 7) % count) + 1}">m</a>`;
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${body}</body></html>`);
  });
  const items = new Map<string, string>();
  for (let i = 1; i <= count; i++) items.set(`${server.url}/item/${i}`, `item ${i}`);
  return { server, items };
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeRedis('jobs in Redis', () => {
  let redis: RedisServer;
  let site: Site;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedisServer({ aof: true });
    site = await fanSite(200, 30);
  });
  afterAll(async () => {
    await site.server.close();
    await redis.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trawl-redis-job-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  let jobs = 0;
  const args = (job: string, extra: string[] = []): string[] => [
    'crawl', `${site.server.url}/`, '--frontier', redis.url, '--job', job, '-o', 'items.jsonl', '--quiet',
    '--match', '/item/', '--extract', 'title=h1', ...extra,
  ];
  const newJob = (): string => `job${++jobs}-${process.pid}`;

  async function workers(job: string): Promise<WorkerRecord[]> {
    const frontier = await openRedisFrontier(redis.url, job);
    try {
      return await frontier.workers();
    } finally {
      await frontier.close();
    }
  }

  it('two worker processes crawl a Redis job into one output, every item once, both doing part', async () => {
    const job = newJob();
    const result = await runCli(args(job, ['--workers', '2', '-c', '4']), { cwd: dir, timeoutMs: 90_000 });
    expect(result.code, result.stderr).toBe(0);
    expectEveryItemOnce(site, join(dir, 'items.jsonl'));
    const done = (await workers(job)).map((worker) => (JSON.parse(worker.stats) as { done: number }).done);
    expect(done).toHaveLength(2);
    for (const n of done) expect(n).toBeGreaterThan(0);
  });

  it('lets trawl worker join the job with no flags but the frontier and the job, and exits 0 when it is done', async () => {
    const job = newJob();
    const owner = startCli(args(job, ['--workers', '1', '-c', '2']), { cwd: dir });
    const ownerDone = collect(owner, 90_000);
    await waitFor(async () => (await workers(job)).length >= 1);
    const joined = await runCli(['worker', '--frontier', redis.url, '--job', job, '-c', '4', '--quiet'], { cwd: dir, timeoutMs: 90_000 });
    expect(joined.code, joined.stderr).toBe(0);
    const result = await ownerDone;
    expect(result.code, result.stderr).toBe(0);
    expectEveryItemOnce(site, join(dir, 'items.jsonl'));
    const list = await workers(job);
    expect(list.map((worker) => worker.role).sort()).toEqual(['owner', 'worker']);
    for (const worker of list) expect((JSON.parse(worker.stats) as { done: number }).done).toBeGreaterThan(0);
  });

  it('refuses a worker for a job that does not exist, and an unreachable Redis, in one line (exit 2)', async () => {
    const missing = await runCli(['worker', '--frontier', redis.url, '--job', 'never-started'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/job never-started .*no such job/);
    const down = await runCli(args(newJob()).map((arg) => (arg === redis.url ? 'redis://127.0.0.1:1' : arg)), { cwd: dir });
    expect(down.code).toBe(2);
    expect(down.stderr.trim().split('\n')).toHaveLength(1);
    expect(down.stderr).toMatch(/redis:\/\/127\.0\.0\.1:1.*cannot connect/);
  });

  it('a worker killed with SIGKILL: the others finish the job, every item once', async () => {
    const job = newJob();
    const slow = await fanSite(300, 60);
    try {
      const owner = startCli(['crawl', `${slow.server.url}/`, '--frontier', redis.url, '--job', job, '-o', 'items.jsonl', '--quiet', '--match', '/item/', '--extract', 'title=h1', '--workers', '3', '-c', '2', '--lease-timeout', '3000'], { cwd: dir });
      const done = collect(owner, 120_000);
      let victim: WorkerRecord | undefined;
      await waitFor(async () => {
        victim = (await workers(job)).find((worker) => worker.role === 'worker' && alive(worker.pid) && (JSON.parse(worker.stats) as { done: number }).done >= 3);
        return victim !== undefined;
      });
      process.kill(victim!.pid, 'SIGKILL');
      const result = await done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/worker \d died \(SIGKILL\)/);
      expectEveryItemOnce(slow, join(dir, 'items.jsonl'));
    } finally {
      await slow.server.close();
    }
  });

  it('the owner killed with SIGKILL: the same command resumes from Redis with every item once', async () => {
    const job = newJob();
    const owner = startCli(args(job, ['--workers', '2', '-c', '2']), { cwd: dir });
    const done = collect(owner, 90_000);
    await waitFor(() => readJsonl(join(dir, 'items.jsonl')).length >= 20);
    owner.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(readJsonl(join(dir, 'items.jsonl')).length).toBeLessThan(site.items.size);
    const again = await runCli(args(job, ['--workers', '2', '-c', '2']), { cwd: dir, timeoutMs: 90_000 });
    expect(again.code, again.stderr).toBe(0);
    expectEveryItemOnce(site, join(dir, 'items.jsonl'));
  });

  it('Redis killed with SIGKILL and restarted from its AOF mid-crawl: the crawl goes on, every item once', async () => {
    const job = newJob();
    const slow = await fanSite(300, 40);
    try {
      const owner = startCli(['crawl', `${slow.server.url}/`, '--frontier', redis.url, '--job', job, '-o', 'items.jsonl', '--quiet', '--match', '/item/', '--extract', 'title=h1', '--workers', '2', '-c', '3'], { cwd: dir });
      const done = collect(owner, 120_000);
      await waitFor(() => readJsonl(join(dir, 'items.jsonl')).length >= 40);
      await redis.kill();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await redis.restart();
      const result = await done;
      expect(result.code, result.stderr).toBe(0);
      expectEveryItemOnce(slow, join(dir, 'items.jsonl'));
      // Nothing acknowledged was lost: no page had to be fetched twice.
      const fetched = [...slow.server.hits.values()].reduce((a, b) => a + b, 0);
      expect(fetched).toBe(slow.items.size + 1);
    } finally {
      await slow.server.close();
    }
  });
});
