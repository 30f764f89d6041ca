// Redis-only promises: clear errors when the server cannot be used, one job per key prefix,
// several processes sharing a job, the stored layout, and a client that lets its process exit.
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrontierUnavailableError } from '../../../src/errors/index.js';
import { openFrontier, openRedisFrontier } from '../../../src/frontier/index.js';
import type { FrontierBackend } from '../../../src/types/frontier.js';
import { req } from '../../contract/frontier.contract.js';
import { REDIS_SKIP_NOTICE, redisServerPath, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';
import { startServer } from '../../helpers/server.js';
import { finished, printed, runFixture } from './fixtures/spawn.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function openError(promise: Promise<unknown>): Promise<FrontierUnavailableError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FrontierUnavailableError);
  return error as FrontierUnavailableError;
}

describe.skipIf(redisServerPath === undefined)('redis frontier', () => {
  let server: RedisServer;
  let raw: Redis;
  let jobs = 0;
  const open: FrontierBackend[] = [];
  const job = (): string => `unit-${++jobs}`;
  const frontier = async (name: string, options?: Parameters<typeof openRedisFrontier>[2]): Promise<FrontierBackend> => {
    const f = await openRedisFrontier(server.url, name, options);
    open.push(f);
    return f;
  };

  beforeAll(async () => {
    server = await startRedisServer({ unixSocket: true });
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    for (const f of open) await f.close();
    raw.disconnect();
    await server.stop();
  });

  it('an unreachable Redis is one line naming the URL, without retrying', async () => {
    const port = await closedPort();
    const error = await openError(openRedisFrontier(`redis://127.0.0.1:${port}`, 'job'));
    expect(error.message).toBe(`redis://127.0.0.1:${port}: cannot connect (ECONNREFUSED)`);
    expect(error.code).toBe('TRAWL_ERR_FRONTIER_UNAVAILABLE');
    expect(error.url).toBe(`redis://127.0.0.1:${port}`);
    const again = await openError(openFrontier(`redis://127.0.0.1:${port}/2`, { job: 'job' }));
    expect(again.message).toBe(`redis://127.0.0.1:${port}/2: cannot connect (ECONNREFUSED)`);
  });

  it('a server that does not speak Redis is refused in one line', async () => {
    const http = await startServer((_req, res) => {
      res.end('hello');
    });
    try {
      const error = await openError(openRedisFrontier(`redis://127.0.0.1:${http.port}`, 'job', { connectTimeoutMs: 2000 }));
      expect(error.message).toMatch(new RegExp(`^redis://127\\.0\\.0\\.1:${http.port}: cannot connect \\(.+\\)$`));
      expect(error.message).not.toContain('\n');
    } finally {
      await http.close();
    }
  });

  it('a wrong password is refused naming the URL, never the password', async () => {
    const locked = await startRedisServer({ args: ['--requirepass', 'right-one'] });
    try {
      const url = `redis://:wrong-one@127.0.0.1:${locked.port}`;
      const error = await openError(openRedisFrontier(url, 'job'));
      expect(error.message).toMatch(new RegExp(`^redis://:\\*\\*\\*@127\\.0\\.0\\.1:${locked.port}: cannot connect \\(WRONGPASS`));
      expect(error.message).not.toContain('wrong-one');
      const f = await openRedisFrontier(`redis://:right-one@127.0.0.1:${locked.port}`, 'job');
      expect(await f.add([req('a')])).toBe(1);
      await f.close();
    } finally {
      await locked.stop();
    }
  });

  it('opens a job through a unix socket URL', async () => {
    const f = await openFrontier(`unix:${server.socketPath}`, { job: job() });
    open.push(f);
    expect(await f.add([req('a')])).toBe(1);
    expect(await f.counts()).toEqual({ pending: 1, leased: 0, done: 0, failed: 0 });
  });

  it('two jobs on one server are kept apart by their key prefix', async () => {
    const a = await frontier('isolated-a');
    const b = await frontier('isolated-b');
    expect(await a.add([req('x'), req('y')])).toBe(2);
    await a.setMeta('rules', 'a');
    expect(await b.counts()).toEqual({ pending: 0, leased: 0, done: 0, failed: 0 });
    expect(await b.getMeta('rules')).toBeUndefined();
    expect(await b.add([req('x')])).toBe(1);
    const [lease] = await b.lease(1, 60_000);
    await a.commit({ done: [lease!.id] }); // a lease of job b means nothing in job a
    expect(await b.counts()).toEqual({ pending: 0, leased: 1, done: 0, failed: 0 });
    expect(await a.counts()).toEqual({ pending: 2, leased: 0, done: 0, failed: 0 });
    const keys = await raw.keys('trawl:{isolated-*');
    expect(keys.length).toBeGreaterThan(4);
    for (const key of keys) expect(key).toMatch(/^trawl:\{isolated-[ab]\}:/);
  });

  it('a queued request is one list entry and one field of a listpack bucket; lease expiries are a skiplist', async () => {
    const name = job();
    const f = await frontier(name);
    await f.add([req('plain', { depth: 3 }), req('post', { method: 'POST', body: 'q=1' })]);
    const entries = await raw.lrange(`trawl:{${name}}:p:0`, 0, -1);
    expect(entries).toEqual([
      '1\t0\t0\t3 http://127.0.0.1/plain\tkey-plain',
      '2\t0\t0\t{"url":"http://127.0.0.1/post","method":"POST","body":"q=1","depth":0}\tkey-post',
    ]);
    const buckets = await raw.keys(`trawl:{${name}}:u:*`);
    expect(buckets.length).toBeGreaterThanOrEqual(1);
    for (const bucket of buckets) expect(await raw.object('ENCODING', bucket)).toBe('listpack');
    expect(await raw.hgetall(`trawl:{${name}}:n`)).toMatchObject({ p: '2', seq: '2' });
    // Lease expiries stay a skiplist even when few: inserting a batch into a listpack is slow.
    await f.lease(1, 60_000);
    expect(await raw.object('ENCODING', `trawl:{${name}}:lx`)).toBe('skiplist');
  });

  it('two processes leasing and committing at once never get the same request', async () => {
    const name = job();
    const f = await frontier(name);
    const total = 1500;
    await f.add(Array.from({ length: total }, (_, i) => req(`r${i}`, { priority: i % 4 })));
    const children = [runFixture('redis-lease-worker.ts', [server.url, name, 'one']), runFixture('redis-lease-worker.ts', [server.url, name, 'two'])];
    const results = children.map((child) => finished(child));
    await Promise.all(children.map((child) => printed(child, 'ready')));
    await f.setMeta('go', '1');
    const [one, two] = await Promise.all(results);
    expect(one!.stderr).toBe('');
    expect(two!.stderr).toBe('');
    const keysOne = JSON.parse(one!.stdout.split('\n')[1]!) as string[];
    const keysTwo = JSON.parse(two!.stdout.split('\n')[1]!) as string[];
    expect(keysOne.length).toBeGreaterThan(0);
    expect(keysTwo.length).toBeGreaterThan(0);
    const both = [...keysOne, ...keysTwo];
    expect(new Set(both).size).toBe(both.length);
    expect(both).toHaveLength(total);
    expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: total, failed: 0 });
    expect(await f.queuedItems()).toBe(total);
    expect(await f.getCheckpoint('one')).toBe(String(keysOne.length));
    expect(await f.getCheckpoint('two')).toBe(String(keysTwo.length));
  });

  it('close() ends the connection, so the process exits by itself', async () => {
    const child = runFixture('redis-open-close.ts', [server.url, job()]);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const result = await finished(child);
    clearTimeout(timer);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('closed\n');
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
  });

  it('scripts flushed from the server (NOSCRIPT) are sent again', async () => {
    const f = await frontier(job());
    await f.add([req('a'), req('b')]);
    const [a] = await f.lease(1, 60_000);
    await raw.script('FLUSH');
    await f.commit({ done: [a!.id], items: [{ lease: a!.id, items: ['1'] }] });
    expect(await f.add([req('c')])).toBe(1);
    expect(await f.counts()).toEqual({ pending: 2, leased: 0, done: 1, failed: 0 });
    expect(await f.queuedItems()).toBe(1);
  });

  it('a job written by another layout version is refused, not misread', async () => {
    const name = job();
    await raw.set(`trawl:{${name}}:v`, '99');
    const error = await openError(openRedisFrontier(server.url, name));
    expect(error.message).toBe(`${server.url}: job layout version 99 is not the one this trawl reads (1)`);
    expect(error.retryable).toBe(false);
  });

  it('URLs that the compact form cannot hold come back exactly, through JSON', async () => {
    const f = await frontier(job());
    const urls = ['http://h/a"b', 'http://h/tab\there', 'http://h/back\\slash', 'http://h/ü/例', 'http://h/😀', 'http://h/lone\ud800', 'http://h/sp ace'];
    await f.add(urls.map((url, i) => ({ ...req(`u${i}`), url })));
    const leased = await f.lease(10, 60_000);
    expect(leased.map((r) => r.url)).toEqual(urls);
    expect(leased.every((r) => r.method === 'GET' && r.depth === 0)).toBe(true);
  });

  it('long and odd unique keys, priorities and owners keep their exact values', async () => {
    const f = await frontier(job());
    const long = `k${'x'.repeat(300)}`;
    const odd = ['#hash', 'tab\there', 'line\nbreak', 'ünï', long, '1.2:3,4'];
    await f.add(odd.map((key, i) => ({ ...req(`o${i}`), uniqueKey: key, priority: [1.5, -0.25, 1e21, 0, -7, 3][i]! })));
    expect(await f.add(odd.map((key) => ({ ...req('again'), uniqueKey: key })))).toBe(0);
    const leased = await f.lease(10, 60_000, 'owner\twith:odd,chars');
    expect(leased.map((r) => [r.uniqueKey, r.priority])).toEqual([
      [odd[2], 1e21],
      [odd[5], 3],
      [odd[0], 1.5],
      [odd[3], 0],
      [odd[1], -0.25],
      [odd[4], -7],
    ]);
    expect(await f.reclaimWorker('owner\twith:odd,chars')).toBe(6);
  });
});

if (redisServerPath === undefined) {
  describe('redis frontier', () => {
    it.skip(REDIS_SKIP_NOTICE, () => {});
  });
}
