// The Lua politeness rule (redis-sync-script.ts) must be the rule of host-gate.ts, exactly.
// Random sequences of syncHosts calls go to Redis; each is replayed on a model that applies
// applyBlocksAndDelays and decideHost at the `now` Redis reports, and every grant must match.
// The model keeps permit rows as the shared backends do: a row with nothing held and nothing
// wanted is deleted.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../../src/demo/prng.js';
import { openRedisFrontier } from '../../../src/frontier/index.js';
import { applyBlocksAndDelays, decideHost, type HostState, type PermitState } from '../../../src/frontier/host-gate.js';
import type { FrontierBackend, HostSyncRequest } from '../../../src/types/frontier.js';
import { REDIS_SKIP_NOTICE, redisServerPath, startRedisServer, type RedisServer } from '../../helpers/redis-server.js';

class Model {
  readonly hosts = new Map<string, { state: HostState; permits: Map<string, PermitState> }>();
  constructor(private readonly live: ReadonlySet<string>) {}

  host(origin: string): { state: HostState; permits: Map<string, PermitState> } {
    let host = this.hosts.get(origin);
    if (!host) {
      host = { state: { nextStart: 0, blockedUntil: 0, delayMs: 0 }, permits: new Map() };
      this.hosts.set(origin, host);
    }
    return host;
  }

  sync(request: HostSyncRequest, now: number): unknown[] {
    applyBlocksAndDelays(request, (origin) => this.host(origin).state);
    return request.hosts.map((want) => {
      const host = this.host(want.origin);
      const permits = [...host.permits.values()].map((p) => ({ ...p }));
      const { grant, mine } = decideHost(host.state, permits, want, request, now, (w) => this.live.has(w));
      if (mine.held === 0 && want.want === 0) host.permits.delete(mine.worker);
      else host.permits.set(mine.worker, { ...mine });
      return grant;
    });
  }
}

describe.skipIf(redisServerPath === undefined)('redis syncHosts follows host-gate.ts', () => {
  let server: RedisServer;
  let raw: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    raw.disconnect();
    await server.stop();
  });

  it.each([1, 2, 3])('random syncs from live, dead and silent workers get the same grants as the model (seed %i)', async (seed) => {
    const job = `hosts-${seed}`;
    const f: FrontierBackend = await openRedisFrontier(server.url, job);
    try {
      const random = prng(seed);
      const int = (n: number): number => Math.floor(random() * n);
      const workers = ['w1', 'w2', 'w3', 'dead', 'silent'];
      for (const id of ['w1', 'w2', 'w3', 'dead']) await f.heartbeat({ id, host: 'box', pid: 1, role: 'worker', startedAt: 0, stats: '{}' });
      // "dead" last reported ten minutes ago; "silent" never did.
      await raw.zadd(`trawl:{${job}}:ws`, Date.now() - 600_000, 'dead');
      const model = new Model(new Set(['w1', 'w2', 'w3']));
      const origins = ['http://a', 'http://b', 'http://c'];
      const held = new Map<string, number>();
      for (let step = 0; step < 250; step++) {
        const worker = workers[int(workers.length)]!;
        const hosts = origins.filter(() => random() < 0.6).map((origin) => {
          const mine = held.get(`${worker} ${origin}`) ?? 0;
          return { origin, want: int(3) === 0 ? 0 : 1 + int(5), release: int(mine + 1) };
        });
        const request: HostSyncRequest = {
          worker,
          perHost: 1 + int(6),
          delayMs: int(4) === 0 ? 1 + int(30) : 0,
          staleMs: 60_000,
          ...(int(3) === 0 ? { startSlackMs: int(20) } : {}),
          hosts,
          ...(int(10) === 0 ? { blocks: [{ origin: origins[int(3)]!, until: Date.now() + int(40) - 10 }] } : {}),
          ...(int(12) === 0 ? { delays: [{ origin: origins[int(3)]!, delayMs: int(3) * 7 }] } : {}),
        };
        const reply = await f.syncHosts(request);
        expect(reply.grants, `step ${step}: ${JSON.stringify(request)}`).toEqual(model.sync(request, reply.now));
        for (const grant of reply.grants) held.set(`${worker} ${grant.origin}`, grant.held);
        if (int(5) === 0) await new Promise((resolve) => setTimeout(resolve, int(15)));
      }
    } finally {
      await f.close();
    }
  });
});

if (redisServerPath === undefined) {
  describe('redis syncHosts follows host-gate.ts', () => {
    it.skip(REDIS_SKIP_NOTICE, () => {});
  });
}
