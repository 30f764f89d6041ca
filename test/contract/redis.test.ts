// The frontier contract against a real redis-server that this file starts on a free port. Each
// test gets a job of its own on that one server, so the suite also shows that a job's prefix
// keeps it apart from the others.
import { afterAll, describe, it } from 'vitest';
import { openRedisFrontier } from '../../src/frontier/index.js';
import { REDIS_SKIP_NOTICE, redisServerPath, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { frontierContract } from './frontier.contract.js';

if (redisServerPath === undefined) {
  describe('frontier contract: redis', () => {
    it.skip(REDIS_SKIP_NOTICE, () => {});
  });
  process.stderr.write(`${REDIS_SKIP_NOTICE}\n`);
} else {
  let server: Promise<RedisServer> | undefined;
  let jobs = 0;
  afterAll(async () => {
    await (await server)?.stop();
  });

  frontierContract('redis', async () => {
    server ??= startRedisServer();
    const { url } = await server;
    const frontier = await openRedisFrontier(url, `contract-${process.pid}-${++jobs}`);
    return { frontier, cleanup: () => frontier.close() };
  });

  // The in-process dedup cache must not change what the contract sees.
  frontierContract('redis without dedup cache', async () => {
    server ??= startRedisServer();
    const { url } = await server;
    const frontier = await openRedisFrontier(url, `contract-nocache-${++jobs}`, { dedupCacheSize: 0 });
    return { frontier, cleanup: () => frontier.close() };
  });
}
