// `trawl bench` as a user runs it: the built CLI against the delay server it starts in a child
// process (or --url), the JSON for scripts, the table, the chart file, and argument errors.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startServer } from '../../helpers/server.js';
import { checkWellFormed } from '../../unit/experiment/xml-check.js';
import { startWatchedDelayServer } from './delay-server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

interface JsonRow {
  mode: string;
  requests: number;
  concurrency: number;
  ok: number;
  errors: number;
  efficiency: number | null;
  wallSeconds: number;
  idealSeconds: number;
}

describe('trawl bench', () => {
  it('runs all three modes and the sweep against its own delay server and prints one JSON document', async () => {
    const dir = tempDir();
    const chart = join(dir, 'chart.svg');
    const args = ['bench', '--n', '20', '--delay', '50', '-c', '10', '--pool', '2', '--sweep', '1,10', '--json', '--chart', chart];
    const result = await runCli(args, { cwd: dir });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code, result.stderr).toBe(0);

    const report = JSON.parse(result.stdout) as { url: string; delayMs: number; modes: JsonRow[]; sweep: JsonRow[]; chart: string };
    expect(report.delayMs).toBe(50);
    expect(report.modes.map((r) => [r.mode, r.requests, r.concurrency, r.ok, r.errors])).toEqual([
      ['serial', 20, 1, 20, 0],
      ['pool', 20, 2, 20, 0],
      ['async', 20, 10, 20, 0],
    ]);
    expect(report.modes.map((r) => r.idealSeconds)).toEqual([1, 0.5, 0.1]);
    const async = report.modes[2]!;
    expect(async.efficiency).toBeGreaterThan(0.5);
    expect(report.sweep.map((r) => [r.concurrency, r.requests, r.ok, r.errors])).toEqual([
      [1, 5, 5, 0],
      [10, 50, 50, 0],
    ]);

    expect(report.chart).toBe(chart);
    const svg = readFileSync(chart, 'utf8');
    expect(checkWellFormed(svg)[0]).toBe('svg');
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(3);
    expect(svg.match(/<circle class="point"/g)).toHaveLength(2);
    // The chart shows requests/s, rising with C, and not the delay server's throwaway port.
    expect(svg).toContain('requests/s (log scale)');
    expect(svg).not.toContain(`:${new URL(report.url).port}`);
    expect(result.stderr).toContain('trawl: bench serial: 20 requests, one at a time...');
    expect(result.stderr).toContain(`trawl: chart written to ${chart}`);
    // The delay server it started is gone with it.
    expect(await refused(Number(new URL(report.url).port))).toBe(true);
  });

  it('prints an aligned table and writes trawl-bench.svg in the current folder by default', async () => {
    const dir = tempDir();
    const result = await runCli(['bench', '--modes', 'async', '--n', '10', '-c', '5', '--delay', '10', '--no-sweep', '--quiet'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^mode\s+N\s+conc\s+wall s\s+req\/s\s+ideal s\s+efficiency\s+errors$/m);
    expect(result.stdout).toMatch(/^async\s+10\s+5\s+[\d.]+\s+[\d.]+\s+0\.02\s+[\d.]+%\s+0$/m);
    expect(result.stdout).not.toContain('sweep');
    expect(result.stderr).not.toContain('trawl: bench async');
    expect(existsSync(join(dir, 'trawl-bench.svg'))).toBe(true);
    expect(result.stderr).toContain(`chart written to ${join(dir, 'trawl-bench.svg')}`);
  });

  it('writes no chart with --no-chart, and times another server given with --url', async () => {
    const dir = tempDir();
    const server = await startWatchedDelayServer();
    cleanups.push(server.close);
    const result = await runCli(['bench', '--url', `${server.url}/`, '--modes', 'serial,async', '--n', '6', '-c', '3', '--delay', '5', '--no-sweep', '--no-chart', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { url: string; modes: JsonRow[]; chart: null };
    expect(report.url).toBe(server.url);
    expect(report.chart).toBeNull();
    expect(report.modes.map((r) => r.mode)).toEqual(['serial', 'async']);
    expect(server.usage.get('s')!.ids).toHaveLength(6);
    expect(server.usage.get('a')!.maxInFlight).toBe(3);
    expect(existsSync(join(dir, 'trawl-bench.svg'))).toBe(false);
  });

  it('reports a run with wrong answers as FAILED and exits 1', async () => {
    const dir = tempDir();
    const server = await startWatchedDelayServer((id) => (id === 'a2' ? 'status' : undefined));
    cleanups.push(server.close);
    const result = await runCli(['bench', '--url', server.url, '--modes', 'async', '--n', '6', '-c', '3', '--delay', '5', '--no-sweep', '--no-chart'], { cwd: dir });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^async\s.*FAILED\s+1$/m);
    expect(result.stdout).toMatch(/async: 1 of 6 requests failed \(first: a2: .*503/);
  });

  it('refuses a --url that is not a delay server in one line, exit status 2', async () => {
    const server = await startServer((_req, res) => void res.writeHead(404).end());
    cleanups.push(server.close);
    const result = await runCli(['bench', '--url', server.url, '--no-chart'], { cwd: tempDir() });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('does not answer GET /delay/<ms>/<id>');
    expect(result.stdout).toBe('');
  });

  it.each([
    [['--modes', 'serial,warp'], 'option --modes: unknown mode "warp"'],
    [['--sweep', '1,x'], 'option --sweep: "x" is not a whole number'],
    [['-c', '0'], 'option -c: expected a whole number >= 1'],
    [['--pool', 'four'], 'option --pool: expected a whole number >= 1'],
    [['--n', '-5'], 'option --n: expected a whole number >= 1'],
    [['--delay', '70000'], 'option --delay: expected at most 60000 ms'],
    [['--url', 'ftp://127.0.0.1/'], '--url'],
    [['--chart', '/no/such/folder/x.svg'], 'option --chart: folder /no/such/folder does not exist'],
  ])('rejects %j with one line naming the option, before starting anything', async (args, message) => {
    const result = await runCli(['bench', ...args], { cwd: tempDir() });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});

describe('trawl bench, its processes', () => {
  const childrenOf = (pid: number): number[] => {
    try {
      const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      return text === '' ? [] : text.split(/\s+/).map(Number);
    } catch {
      return [];
    }
  };
  const commandLine = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
    } catch {
      return false;
    }
  };

  it('runs in a child with 64 MB semi-spaces, which starts the delay server, and takes both down when terminated mid-run', async () => {
    if (process.platform !== 'linux') return; // finds the children through /proc
    const { startCli, collect } = await import('../../helpers/cli.js');
    const child = startCli(['bench', '--modes', 'serial', '--n', '100', '--delay', '100', '--no-sweep', '--no-chart'], { cwd: tempDir() });
    const done = collect(child, 30_000);
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('trawl: bench serial')) resolve();
      });
    });
    const [bench, ...others] = childrenOf(child.pid!);
    expect(others).toEqual([]);
    expect(commandLine(bench!)).toEqual(expect.arrayContaining(['--min-semi-space-size=64', '--max-semi-space-size=64', 'bench']));
    const servers = childrenOf(bench!);
    expect(servers).toHaveLength(1);
    expect(commandLine(servers[0]!).join(' ')).toContain('trawl: delay server on');

    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(143);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([bench!, ...servers].filter(alive)).toEqual([]);
  });
});
