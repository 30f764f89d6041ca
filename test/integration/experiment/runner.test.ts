// runBench against real local servers: each model keeps its own number of requests in flight on
// its own connections, every answer is checked, and failures are reported, never timed as fast.
import { afterEach, describe, expect, it } from 'vitest';
import { startDemoServer } from '../../../src/demo/index.js';
import { InputError } from '../../../src/errors/index.js';
import { runBench } from '../../../src/experiment/runner.js';
import type { BenchEvent } from '../../../src/experiment/types.js';
import { startServer } from '../../helpers/server.js';
import { startWatchedDelayServer } from './delay-server.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

describe('runBench', () => {
  it('keeps 1 request in flight serially, P in the pool and C async, each request made once', async () => {
    const server = await startWatchedDelayServer();
    closers.push(server.close);
    const report = await runBench({ url: server.url, delayMs: 40, concurrency: 8, pool: 3, requests: 24, sweep: [] });

    expect(report.modes.map((r) => [r.mode, r.requests, r.concurrency, r.ok, r.errors])).toEqual([
      ['serial', 24, 1, 24, 0],
      ['pool', 24, 3, 24, 0],
      ['async', 24, 8, 24, 0],
    ]);
    const usage = (prefix: string) => server.usage.get(prefix)!;
    expect(usage('s').maxInFlight).toBe(1);
    expect(usage('p').maxInFlight).toBe(3);
    expect(usage('a').maxInFlight).toBe(8);
    for (const prefix of ['s', 'p', 'a']) expect([...usage(prefix).ids].sort()).toEqual(ids(prefix, 24).sort());
  });

  it('runs serial on one keep-alive connection and each pool thread on its own one', async () => {
    const server = await startWatchedDelayServer();
    closers.push(server.close);
    await runBench({ url: server.url, delayMs: 10, modes: ['serial', 'pool'], pool: 2, requests: 12, sweep: [] });
    expect(server.usage.get('s')!.sockets.size).toBe(1);
    expect(server.usage.get('p')!.sockets.size).toBe(2);
    // The pool really is worker threads using node:http, not the Fetcher.
    const poolAgents = server.log.filter((entry) => /\/p\d+$/.test(entry.path)).map((entry) => entry.headers['user-agent']);
    expect(new Set(poolAgents)).toEqual(new Set(['trawl-bench-pool']));
  });

  it('counts wrong statuses and wrong pages as errors, and gives such a run no efficiency', async () => {
    const server = await startWatchedDelayServer((id) => (id === 'a5' ? 'status' : id === 'p3' ? 'title' : undefined));
    closers.push(server.close);
    const report = await runBench({ url: server.url, delayMs: 5, concurrency: 4, pool: 2, requests: 10, sweep: [] });
    const [serial, pool, async] = report.modes;
    expect(serial).toMatchObject({ ok: 10, errors: 0 });
    expect(serial!.efficiency).not.toBeNull();
    expect(pool).toMatchObject({ ok: 9, errors: 1, efficiency: null, firstError: 'p3: the page lacks its title' });
    expect(async).toMatchObject({ ok: 9, errors: 1, efficiency: null });
    expect(async!.firstError).toMatch(/^a5: .*503/);
  });

  it('refuses a server that does not answer like a delay server, before timing anything', async () => {
    const server = await startServer((_req, res) => void res.writeHead(404).end('nope'));
    closers.push(server.close);
    const run = runBench({ url: server.url, sweep: [] });
    await expect(run).rejects.toBeInstanceOf(InputError);
    await expect(run).rejects.toThrow(/does not answer GET \/delay\/<ms>\/<id>/);
    expect(server.log).toHaveLength(1);
  });

  it('sweeps async concurrency against the demo site with 5 x C requests per point, reporting progress', async () => {
    const demo = await startDemoServer();
    closers.push(demo.close);
    const events: BenchEvent[] = [];
    const report = await runBench({ url: demo.url, delayMs: 20, modes: ['async'], concurrency: 5, sweep: [4, 1] }, (e) => events.push(e));
    expect(report.sweep.map((r) => [r.concurrency, r.requests, r.ok, r.errors])).toEqual([
      [1, 5, 5, 0],
      [4, 20, 20, 0],
    ]);
    expect(report.sweep.every((r) => r.idealSeconds === 0.1)).toBe(true);
    expect(events.map((e) => (e.type === 'run-start' ? `start ${e.phase} ${e.concurrency}` : `done ${e.phase} ${e.row.concurrency}`))).toEqual([
      'start mode 5',
      'done mode 5',
      'start sweep 1',
      'done sweep 1',
      'start sweep 4',
      'done sweep 4',
    ]);
  });

  it('warms the Fetcher up once, then rehearses each Fetcher run untimed at no delay before its timed requests', async () => {
    const server = await startWatchedDelayServer();
    closers.push(server.close);
    await runBench({ url: server.url, delayMs: 30, modes: ['serial', 'async'], concurrency: 4, requests: 12, blockingRequests: 3, sweep: [] });
    const paths = server.log.map((entry) => entry.path);
    const rehearsal = (prefix: string) => paths.filter((path) => path.startsWith(`/delay/0/${prefix}warm-`));
    // min(N, 5 x C) requests: serial 3 (N), async 12 (N, under 5 x 4).
    expect(rehearsal('s')).toHaveLength(3);
    expect(rehearsal('a')).toHaveLength(12);
    for (const prefix of ['s', 'a']) {
      const lastRehearsed = paths.lastIndexOf(rehearsal(prefix).at(-1)!);
      const firstTimed = paths.findIndex((path) => new RegExp(`^/delay/30/${prefix}\\d+$`).test(path));
      expect(lastRehearsed).toBeLessThan(firstTimed);
    }
    // The rehearsal is not the timed work: the timed ids are still each requested once.
    expect([...server.usage.get('a')!.ids].sort()).toEqual(ids('a', 12).sort());
    // Before all of it, once: the request path warmed up with 50 requests per slot of the widest run.
    const jit = paths.filter((path) => path.startsWith('/delay/0/warm-jit-'));
    expect(jit).toHaveLength(4 * 50);
    expect(paths.lastIndexOf(jit.at(-1)!)).toBeLessThan(paths.indexOf(rehearsal('s')[0]!));
  });

  it('times thread start-up and connection set-up too when warm-up is off', async () => {
    const server = await startWatchedDelayServer();
    closers.push(server.close);
    const report = await runBench({ url: server.url, delayMs: 5, modes: ['pool', 'async'], pool: 2, concurrency: 3, requests: 6, sweep: [], warmUp: false });
    expect(report.warmUp).toBe(false);
    expect(report.modes.every((r) => r.errors === 0 && r.ok === 6)).toBe(true);
    expect(server.log.filter((entry) => entry.path.includes('warm'))).toHaveLength(0);
  });
});
