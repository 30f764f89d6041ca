// A Redis that comes back older than it was (a host failure loses the last second of an
// `appendfsync everysec` AOF): the owner finds the frontier's checkpoint behind its output, cuts
// the output back to it and writes the queued items again — once. The loss is made for real: the
// AOF is cut back to an earlier size while Redis is down.
import { readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemCollector } from '../../../src/engine/item-collector.js';
import { openRedisFrontier } from '../../../src/frontier/backends/redis.js';
import { MemoryDataset } from '../../../src/sinks/memory-dataset.js';
import type { FrontierBackend } from '../../../src/types/frontier.js';
import { req } from '../../contract/frontier.contract.js';
import { REDIS_SKIP_NOTICE, redisServerPath, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

const describeRedis = redisServerPath ? describe : describe.skip;
if (!redisServerPath) process.stderr.write(`\n[redis tests skipped] ${REDIS_SKIP_NOTICE}\n`);

/** The AOF file Redis appends to now (Redis 7: appendonlydir/<name>.incr.aof). */
function incrementalAof(dir: string): string {
  const folder = join(dir, 'appendonlydir');
  const file = readdirSync(folder).filter((name) => name.endsWith('.incr.aof')).sort().pop();
  if (!file) throw new Error('no incremental AOF file');
  return join(folder, file);
}

/** A worker's page done with its items, committed. */
async function workerCommits(frontier: FrontierBackend, name: string, items: string[]): Promise<void> {
  await frontier.add([req(name)]);
  const [lease] = await frontier.lease(1, 60_000, 'w');
  await frontier.commit({ done: [lease!.id], items: [{ lease: lease!.id, items }] });
}

describeRedis('the owner after Redis lost its last writes', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ aof: true });
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('cuts its output back to the frontier\'s checkpoint and writes the lost items again, once', async () => {
    const frontier = await openRedisFrontier(redis.url, 'rollback');
    const sink = new MemoryDataset();
    await sink.open(undefined);
    const rollbacks: (string | undefined)[] = [];
    const collector = new ItemCollector({ frontier, sink, checkpointKey: 'out', openedAt: undefined, onRollback: (at) => rollbacks.push(at) });

    await workerCommits(frontier, 'a', ['{"n":1}', '{"n":2}']);
    expect(await collector.collectOnce()).toBe(2);
    await workerCommits(frontier, 'b', ['{"n":3}']);
    // Everything up to here reached the AOF; what follows is the "last second" a failure loses.
    const aof = incrementalAof(redis.dir);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const durable = statSync(aof).size;
    expect(await collector.collectOnce()).toBe(1);
    expect(sink.items.map((item) => item.n)).toEqual([1, 2, 3]);

    await redis.kill();
    truncateSync(aof, durable);
    await redis.restart();

    // The ack of item 3 is gone: the frontier says the output ends after item 2, and item 3 waits again.
    expect(await frontier.getCheckpoint('out')).toBe('2');
    expect(await collector.collectOnce()).toBe(1);
    expect(rollbacks).toEqual(['2']);
    expect(sink.items.map((item) => item.n)).toEqual([1, 2, 3]);
    expect(await frontier.queuedItems()).toBe(0);
    expect(await frontier.getCheckpoint('out')).toBe('3');
    await frontier.close();
  });
});
