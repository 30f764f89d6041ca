// Several worker processes on one job (the local SQLite frontier): one output with every item
// once, politeness that holds across processes, and exactly once when any process is killed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryItemOnce, readJsonl } from '../../helpers/items.js';
import { collect, runCli, startCli, TRAWL_BIN } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/server.js';

/** A fan-out site: / links to N items, each item links to 2 others. Tracks requests in flight. */
interface FanSite {
  readonly server: TestServer;
  readonly items: Map<string, string>;
  maxInFlight: number;
  inFlight: number;
  readonly starts: number[];
}

async function startFanSite(count: number, latencyMs: number): Promise<FanSite> {
  const site: FanSite = { server: undefined as unknown as TestServer, items: new Map(), maxInFlight: 0, inFlight: 0, starts: [] };
  const server = await startServer(async (req, res) => {
    site.inFlight++;
    site.maxInFlight = Math.max(site.maxInFlight, site.inFlight);
    site.starts.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const path = req.url ?? '/';
    let body: string;
    const match = /^\/item\/(\d+)$/.exec(path);
    if (path === '/') {
      body = Array.from({ length: count }, (_, i) => `<a href="/item/${i + 1}">${i + 1}</a>`).join('');
    } else if (match && Number(match[1]) <= count) {
      const id = Number(match[1]);
      body = `<h1>item ${id}</h1><a href="/item/${(id % count) + 1}">n</a><a href="/item/${((id + 7) % count) + 1}">m</a>`;
    } else {
      site.inFlight--;
      res.writeHead(404).end();
      return;
    }
    site.inFlight--;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body>${body}</body></html>`);
  });
  Object.assign(site, { server });
  for (let i = 1; i <= count; i++) site.items.set(`${server.url}/item/${i}`, `item ${i}`);
  return site;
}

function crawlArgs(site: FanSite, output: string, extra: string[] = []): string[] {
  return ['crawl', `${site.server.url}/`, '--job', 'fan', '-o', output, '--quiet', '--match', '/item/', '--extract', 'title=h1', ...extra];
}

/** The job's workers as its SQLite file records them. */
function workersOf(dir: string): { id: string; pid: number; role: string; done: number }[] {
  const path = join(dir, '.trawl', 'fan.db');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    // The owner may not have created the tables yet.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'workers'").get()) return [];
    const rows = db.prepare('SELECT id, pid, role, stats FROM workers').all() as { id: string; pid: number; role: string; stats: string }[];
    return rows.map((row) => ({ id: row.id, pid: row.pid, role: row.role, done: (JSON.parse(row.stats) as { done: number }).done }));
  } finally {
    db.close();
  }
}

/** Requests `workerId` holds under lease right now. */
function leasesOf(dir: string, workerId: string): number {
  const path = join(dir, '.trawl', 'fan.db');
  if (!existsSync(path)) return 0;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM requests WHERE state = 1 AND lease_owner = ?').get(workerId) as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * SIGSTOPs `pid` at a moment it holds no SQLite write lock. A process stopped inside a write
 * transaction keeps the job's lock, and the others fail after the busy timeout: that is SQLite's
 * limit (docs/architecture.md), not the lease expiry this test is about.
 */
async function freezeOutsideWrite(dir: string, pid: number): Promise<void> {
  const path = join(dir, '.trawl', 'fan.db');
  for (let attempt = 0; attempt < 50; attempt++) {
    process.kill(pid, 'SIGSTOP');
    const db = new Database(path, { fileMustExist: true, timeout: 0 });
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return;
    } catch {
      process.kill(pid, 'SIGCONT');
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      db.close();
    }
  }
  throw new Error(`worker ${pid} held the write lock at every try`);
}

async function waitFor(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
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

let dir: string;
let site: FanSite;
beforeAll(async () => {
  site = await startFanSite(150, 25);
});
afterAll(async () => {
  await site.server.close();
});

function fresh(): string {
  dir = mkdtempSync(join(tmpdir(), 'trawl-workers-'));
  site.maxInFlight = 0;
  site.starts.length = 0;
  site.server.hits.clear();
  return dir;
}

describe('crawl --workers N', () => {
  it('three processes crawl one job into one output, every item once, each doing part of the work', async () => {
    fresh();
    try {
      const result = await runCli(crawlArgs(site, 'items.jsonl', ['--workers', '3', '-c', '4']), { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expectEveryItemOnce(site, join(dir, 'items.jsonl'));
      const workers = workersOf(dir);
      expect(workers).toHaveLength(3);
      for (const worker of workers) expect(worker.done, `worker ${worker.id} did nothing`).toBeGreaterThan(0);
      expect(workers.reduce((sum, worker) => sum + worker.done, 0)).toBe(site.items.size + 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never has more than --per-host requests in flight on the host, across all workers', async () => {
    fresh();
    try {
      const result = await runCli(crawlArgs(site, 'items.jsonl', ['--workers', '3', '-c', '8', '--per-host', '3']), { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expectEveryItemOnce(site, join(dir, 'items.jsonl'));
      expect(site.maxInFlight).toBeLessThanOrEqual(3);
      expect(site.maxInFlight).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('spaces request starts on the host by --delay across all workers', async () => {
    fresh();
    const few = await startFanSite(12, 5);
    try {
      const result = await runCli(['crawl', `${few.server.url}/`, '--job', 'fan', '-o', 'items.jsonl', '--quiet', '--workers', '3', '--delay', '120'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const starts = [...few.starts].sort((a, b) => a - b);
      expect(starts.length).toBe(13);
      // Arrival times are taken by this test's server, after each request crossed two event
      // loops and loopback; a process's first request also opens its connection (and a loaded
      // machine adds tens of ms now and then). Such delays do not add up, so from the second
      // arrival on, the k-th is still about k delays later. Three workers each keeping their own
      // delay would arrive three times as fast.
      for (let k = 2; k < starts.length; k++) expect(starts[k]! - starts[1]!).toBeGreaterThanOrEqual((k - 1) * 120 - 50);
      for (let k = 1; k < starts.length; k++) expect(starts[k]! - starts[k - 1]!).toBeGreaterThanOrEqual(50);
    } finally {
      await few.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a worker killed with SIGKILL mid-crawl: its requests go to the others and every item lands once', async () => {
    fresh();
    const slow = await startFanSite(300, 60);
    try {
      const owner = startCli(crawlArgs(slow, 'items.jsonl', ['--workers', '3', '-c', '2']), { cwd: dir });
      const done = collect(owner);
      let victim: { pid: number } | undefined;
      await waitFor(() => {
        if (!existsSync(join(dir, '.trawl', 'fan.db'))) return false;
        // A worker that has done some work and still holds leases (it is mid-crawl, not finished).
        victim = workersOf(dir).find((worker) => worker.role === 'worker' && worker.done >= 3 && alive(worker.pid) && leasesOf(dir, worker.id) > 0);
        return victim !== undefined;
      });
      process.kill(victim!.pid, 'SIGKILL');
      const result = await done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/worker \d died \(SIGKILL\).*started a replacement/);
      expectEveryItemOnce(slow, join(dir, 'items.jsonl'));
    } finally {
      await slow.server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the owner killed with SIGKILL: its workers stop, and the same command resumes with every item once', async () => {
    fresh();
    try {
      const owner = startCli(crawlArgs(site, 'items.jsonl', ['--workers', '3', '-c', '4']), { cwd: dir });
      const done = collect(owner);
      await waitFor(() => readJsonl(join(dir, 'items.jsonl')).length >= 30);
      const pids = workersOf(dir).filter((worker) => worker.role === 'worker').map((worker) => worker.pid);
      owner.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      await waitFor(() => pids.every((pid) => !alive(pid)), 15_000);
      expect(readJsonl(join(dir, 'items.jsonl')).length).toBeLessThan(site.items.size);
      const again = await runCli(crawlArgs(site, 'items.jsonl', ['--workers', '3', '-c', '4']), { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      expectEveryItemOnce(site, join(dir, 'items.jsonl'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Ctrl-C stops every process of the job (exit 130), and the same command finishes it', async () => {
    fresh();
    try {
      // Its own process group, as a shell gives a foreground job: Ctrl-C reaches every process in it.
      const owner = spawn(process.execPath, [TRAWL_BIN, ...crawlArgs(site, 'items.jsonl', ['--workers', '3', '-c', '4'])], {
        cwd: dir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const done = collect(owner);
      await waitFor(() => readJsonl(join(dir, 'items.jsonl')).length >= 30);
      const pids = workersOf(dir).map((worker) => worker.pid);
      process.kill(-owner.pid!, 'SIGINT');
      const stopped = await done;
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toContain('stopping');
      for (const pid of pids) expect(alive(pid), `process ${pid} still runs`).toBe(false);
      const again = await runCli(crawlArgs(site, 'items.jsonl', ['--workers', '2', '-c', '4']), { cwd: dir });
      expect(again.code, again.stderr).toBe(0);
      expectEveryItemOnce(site, join(dir, 'items.jsonl'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('trawl worker joins a running job from another process and exits 0 when the job is finished', async () => {
    fresh();
    try {
      const owner = startCli(crawlArgs(site, 'items.jsonl', ['--workers', '2', '-c', '2']), { cwd: dir });
      const ownerDone = collect(owner);
      await waitFor(() => existsSync(join(dir, '.trawl', 'fan.db')) && workersOf(dir).length >= 1);
      const joined = await runCli(['worker', '--frontier', `sqlite:${join(dir, '.trawl', 'fan.db')}`, '--job', 'fan', '-c', '2', '--quiet'], { cwd: dir });
      expect(joined.code, joined.stderr).toBe(0);
      const result = await ownerDone;
      expect(result.code, result.stderr).toBe(0);
      expectEveryItemOnce(site, join(dir, 'items.jsonl'));
      expect(workersOf(dir).length).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a frozen worker (SIGSTOP) holds its requests only until --lease-timeout; the others finish the job', async () => {
    fresh();
    let frozen: number | undefined;
    try {
      const owner = startCli(crawlArgs(site, 'items.jsonl', ['--workers', '2', '-c', '1', '--lease-timeout', '1500', '--delay', '20']), { cwd: dir });
      const ownerDone = collect(owner, 90_000);
      await waitFor(() => existsSync(join(dir, '.trawl', 'fan.db')) && workersOf(dir).length >= 1);
      const joiner = startCli(['worker', '--frontier', `sqlite:${join(dir, '.trawl', 'fan.db')}`, '--job', 'fan', '-c', '2', '--quiet'], { cwd: dir });
      const joinerDone = collect(joiner, 90_000);
      // Frozen while it holds leases: work in hand that only the lease timeout gives back.
      await waitFor(() => {
        const me = workersOf(dir).find((worker) => worker.pid === joiner.pid);
        return me !== undefined && leasesOf(dir, me.id) > 0;
      });
      expect(joiner.exitCode).toBeNull();
      frozen = joiner.pid!;
      await freezeOutsideWrite(dir, frozen);
      const result = await ownerDone;
      expect(result.code, result.stderr).toBe(0);
      expectEveryItemOnce(site, join(dir, 'items.jsonl'));
      process.kill(frozen, 'SIGKILL');
      await joinerDone;
    } finally {
      if (frozen !== undefined && alive(frozen)) process.kill(frozen, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
