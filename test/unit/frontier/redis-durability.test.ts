// What survives when Redis or the connection to it fails: a SIGKILLed redis-server restarted
// from its AOF, a worker that keeps running through the restart, a reply lost on the wire (the
// call is sent again and must not act twice), and lease ids after the server lost its data.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openRedisFrontier } from '../../../src/frontier/index.js';
import type { FrontierBackend } from '../../../src/types/frontier.js';
import { req } from '../../contract/frontier.contract.js';
import { REDIS_SKIP_NOTICE, redisServerPath, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every queued item, oldest first. */
async function allItems(f: FrontierBackend): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const read = await f.readItems(cursor, 1000);
    if (read.items.length === 0) return out;
    out.push(...read.items);
    cursor = read.cursor;
  }
}

/**
 * A TCP relay in front of Redis that can drop one reply: when armed, the next bytes from Redis
 * are not passed on and both sockets are closed, as when a connection dies after the server
 * ran a command but before its answer arrived.
 */
async function startRelay(port: number): Promise<{ port: number; dropNextReply(): void; close(): Promise<void> }> {
  let armed = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (armed) {
        armed = false;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => {});
      socket.on('close', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    dropNextReply: () => {
      armed = true;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe.skipIf(redisServerPath === undefined)('redis frontier durability', () => {
  let server: RedisServer | undefined;
  const open: FrontierBackend[] = [];
  afterEach(async () => {
    for (const f of open.splice(0)) await f.close();
    await server?.stop();
    server = undefined;
  });
  const frontier = async (url: string, job: string, options?: Parameters<typeof openRedisFrontier>[2]): Promise<FrontierBackend> => {
    const f = await openRedisFrontier(url, job, options);
    open.push(f);
    return f;
  };

  it('a SIGKILLed Redis restarted from its AOF keeps every commit acknowledged 2 s before the kill, whole', async () => {
    server = await startRedisServer({ aof: true });
    const f = await frontier(server.url, 'aof', { reconnectForMs: 0 });
    const total = 100_000;
    for (let i = 0; i < total; i += 10_000) await f.add(Array.from({ length: 10_000 }, (_, j) => req(`r${i + j}`)));
    const acked: { n: number; at: number }[] = [];
    let n = 0;
    const loop = (async () => {
      for (;;) {
        const batch = await f.lease(5, 60_000);
        const numbers = batch.map(() => ++n);
        await f.commit({
          done: batch.map((r) => r.id),
          items: batch.map((r, i) => ({ lease: r.id, items: [String(numbers[i])] })),
          checkpoint: { key: 'last', value: String(n) },
        });
        const at = Date.now();
        for (const number of numbers) acked.push({ n: number, at });
      }
    })().catch(() => undefined);
    await sleep(3000);
    const killedAt = Date.now();
    await server.kill();
    await loop;
    await server.restart();
    const after = await frontier(server.url, 'aof');
    const items = (await allItems(after)).map(Number);
    const counts = await after.counts();
    // Whole commits only: every done request left exactly its item, and the commits kept are the
    // first ones, without a hole (the AOF is replayed in order).
    expect(counts.done).toBe(items.length);
    expect(counts.pending + counts.leased + counts.done).toBe(total);
    expect(items).toEqual(Array.from({ length: items.length }, (_, i) => i + 1));
    expect(await after.getCheckpoint('last')).toBe(String(items.length));
    const old = acked.filter((a) => a.at < killedAt - 2000);
    expect(old.length).toBeGreaterThan(0);
    expect(items.length).toBeGreaterThanOrEqual(old.length);
  });

  it('a worker keeps going through a Redis restart: its calls wait, are sent again, and act once', async () => {
    server = await startRedisServer({ aof: true });
    const f = await frontier(server.url, 'through');
    const total = 600;
    await f.add(Array.from({ length: total }, (_, i) => req(`r${i}`)));
    const seen: string[] = [];
    const worker = (async () => {
      for (;;) {
        const batch = await f.lease(5, 60_000);
        if (batch.length === 0) {
          if (await f.isFinished()) return;
          await sleep(5);
          continue;
        }
        seen.push(...batch.map((r) => r.uniqueKey));
        await sleep(2);
        await f.commit({
          done: batch.map((r) => r.id),
          items: batch.map((r) => ({ lease: r.id, items: [r.uniqueKey] })),
          added: batch.filter((r) => !r.uniqueKey.endsWith('-child')).map((r) => req(`${r.uniqueKey}-child`, { priority: -1 })),
        });
      }
    })();
    await sleep(300);
    await server.kill();
    await sleep(200);
    await server.restart();
    await worker;
    const items = await allItems(f);
    expect(new Set(items).size).toBe(items.length);
    expect(items).toHaveLength(2 * total);
    expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: 2 * total, failed: 0 });
  });

  it('a lease whose reply was lost is answered again with the same leases, and a lost commit reply acts once', async () => {
    server = await startRedisServer();
    const relay = await startRelay(server.port);
    try {
      const f = await frontier(`redis://127.0.0.1:${relay.port}`, 'relay');
      await f.add([req('a'), req('b'), req('c'), req('d')]);
      relay.dropNextReply();
      const leased = await f.lease(3, 60_000);
      expect(leased.map((r) => r.uniqueKey)).toEqual(['key-a', 'key-b', 'key-c']);
      expect(await f.counts()).toEqual({ pending: 1, leased: 3, done: 0, failed: 0 });
      relay.dropNextReply();
      await f.commit({ done: leased.map((r) => r.id), items: leased.map((r) => ({ lease: r.id, items: [r.uniqueKey] })) });
      expect(await f.counts()).toEqual({ pending: 1, leased: 0, done: 3, failed: 0 });
      expect(await allItems(f)).toEqual(['key-a', 'key-b', 'key-c']);
    } finally {
      await relay.close();
    }
  });

  it('a lease id from before a restart that lost the data never matches a lease made after it', async () => {
    server = await startRedisServer();
    const first = await frontier(server.url, 'lost');
    await first.add([req('a')]);
    const [old] = await first.lease(1, 60_000);
    await server.restart(); // no AOF: everything is gone, counters included
    const second = await frontier(server.url, 'lost');
    await second.add([req('a')]);
    const [fresh] = await second.lease(1, 60_000);
    expect(fresh!.id).not.toBe(old!.id);
    await first.commit({ done: [old!.id] });
    expect(await second.counts()).toEqual({ pending: 0, leased: 1, done: 0, failed: 0 });
  });
});

if (redisServerPath === undefined) {
  describe('redis frontier durability', () => {
    it.skip(REDIS_SKIP_NOTICE, () => {});
  });
}
