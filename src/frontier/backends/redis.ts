// The shared frontier: one job kept whole in Redis (ioredis), so worker processes on any number
// of machines lease from it. Each change of state is one Lua script (redis-scripts.ts): Redis
// runs it alone and writes its effects to the AOF as one unit.
//
// Key layout, all under the prefix trawl:{<job>}: — one hash tag, so a Redis Cluster keeps the
// job on one slot. An "entry" is one string per request (redis-codec.ts):
// "<seq>\t<retries>\t<priority>\t<data>\t<uniqueKey>".
//
//   add ──▶ u:<b> (HSETNX: new?) ──▶ p:<prio> list ─┐                    ┌─▶ n.d += 1 (done: counted only)
//                                   r:<prio> zset ──┼─lease─▶ l + lx ────┼─▶ fl + fz  (failed)
//              pr zset: priorities  w zset (retry) ─┘ (promoted when due)└─▶ w / r:<prio> (retry)
//
//   v            string  layout version (redis-scripts.ts)
//   n            hash    exact counts p, l, d, f; seq (last request number); fseq (failure order)
//   u:<b>        hash    every uniqueKey ever added, in 2^18 buckets (fnv1a of the key) → ''
//   pr           zset    priorities that have pending requests (score = member = priority)
//   p:<prio>     list    pending entries in the order they were added (RPUSH / LPOP)
//   r:<prio>     zset    pending entries that came back (retry, expiry, reclaim): score = seq, so
//                        a lease merges both queues and a request keeps its place in add order
//   w            zset    retries waiting for notBefore: score = notBefore, member = entry
//   l            hash    leased: seq → "<len>:<token><len>:<owner>" + entry
//   lx           zset    lease expiry: seq → leaseUntil (server ms)
//   lc           hash    last lease call of each client: nonce → "<call>:<seq>,<seq>…"
//   fl, fz       hash + zset   failed: seq → "<len>:<code><len>:<reason>" + entry; seq → fseq
//   i            stream  item queue, one field "d"; cursors are stream ids (monotonic)
//   ck, m, b     hash    checkpoints, meta, lease budgets
//   wk, ws       hash + zset   workers: id → JSON record; id → last heartbeat (server ms)
//   hs, hp:<origin>, wh:<worker>  per-host politeness (redis-sync-script.ts)
//
// A queued request costs one list entry (~120 bytes with a 60-character URL) and one bucket
// field (~50 bytes); a done request only its bucket field. Measured figures: bench/RESULTS.md.
//
// Clocks: every script reads the server's clock (TIME), so machines with skewed clocks agree on
// lease expiry, heartbeats and host delays. Epoch-ms values that callers pass or receive — a
// retry's notBefore, a block's until, nextReadyAt(), syncHosts' now and readyAt, seenAt — are on
// the server's clock; a worker whose clock is off should schedule from syncHosts' `now`.
//
// Repeating a call is safe, which is what lets ioredis resend commands whose reply a dropped
// connection lost:
//   lease   carries a per-process random nonce and a call number; a repeat of the same call is
//           recognised (lc) and answers the same leases. The nonce also keeps lease ids unique
//           when Redis restarts from an AOF that lost its last writes: a server-side counter
//           could roll back and hand out an id again, a new random nonce cannot.
//   commit  names leases by "<seq>.<token>": a second run finds them no longer leased and
//           changes nothing (their items are not queued twice); added requests are deduplicated;
//           ackItems trims up to a cursor, which is idempotent; the checkpoint is the same value.
//           (A repeated commit resolves with added: 0.)
//   renew, reclaim, retryFailed, heartbeat, syncHosts (its reply says what the worker holds)
//           leave the same state when run twice.
//
// Durability is Redis's: with appendonly yes + appendfsync everysec, a SIGKILL of redis-server
// loses nothing it acknowledged (the AOF was written before the reply); a power cut can lose the
// last second, and then whole scripts, never half of one (docs/architecture.md).
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { validateOptions } from '../../config/validate.js';
import { FrontierUnavailableError } from '../../errors/frontier-unavailable-error.js';
import { OptionError } from '../../errors/option-error.js';
import type { CommitBatch, FailedRecord, FrontierBackend, FrontierCounts, WorkerRecord } from '../../types/frontier.js';
import type { CrawlRequest, LeasedRequest } from '../../types/request.js';
import { DedupCache } from '../dedup-cache.js';
import { checkBatch, checkBudget, checkLeaseArgs, checkLeaseMs } from '../encode.js';
import { checkSyncRequest, INTEREST_MS } from '../host-gate.js';
import { checkMax } from './memory-job.js';
import { checkCursor, cursorSuccessor, decodeEntry, encodeForScript } from './redis-codec.js';
import { connectRedis, mapRedisError, parseRedisUrl } from './redis-connect.js';
import { LAYOUT_VERSION, SCRIPTS, type ScriptName } from './redis-scripts.js';

export interface RedisFrontierOptions {
  /** How long opening waits for the server. @default 5000 */
  readonly connectTimeoutMs?: number;
  /** How long a running job waits for a lost connection to come back before calls fail. @default 30000 */
  readonly reconnectForMs?: number;
  /**
   * Keys remembered in-process so repeated links are not sent to Redis (about 100 bytes each);
   * 0 disables. Forgotten whenever the connection drops (the server may have lost writes).
   * @default 200000
   */
  readonly dedupCacheSize?: number;
}

const optionsSchema = z.strictObject({
  connectTimeoutMs: z.number().int().min(1).default(5000),
  reconnectForMs: z.number().int().min(0).default(30_000),
  dedupCacheSize: z.number().int().min(0).default(200_000),
});

/** How long close() waits for a goodbye from the server. */
const CLOSE_WAIT_MS = 1000;

/** Requests per add script: a huge add() runs as several scripts so Redis never stalls long. */
const ADD_SLICE = 10_000;

/** The key prefix of a job: its name is a hash tag, so all of its keys share one cluster slot. */
export function redisJobPrefix(job: string): string {
  if (typeof job !== 'string' || job === '' || job.length > 200 || /[{}\p{Cc}]/u.test(job)) {
    throw new OptionError('job', job, 'needs a name of 1 to 200 characters without braces or control characters');
  }
  return `trawl:{${job}}:`;
}

type ScriptCall = (prefix: string, args: readonly (string | number)[]) => Promise<unknown>;

/** Opens (and creates on first use) the job `job` on the Redis server at `url`. */
export async function openRedisFrontier(url: string, job: string, options?: RedisFrontierOptions): Promise<FrontierBackend> {
  const opts = validateOptions(optionsSchema, options, 'redisFrontier');
  const prefix = redisJobPrefix(job);
  const target = parseRedisUrl(url);
  const client = await connectRedis(target, opts);
  try {
    await checkServer(client, target.display, prefix);
  } catch (error) {
    client.disconnect();
    throw error instanceof FrontierUnavailableError ? error : mapRedisError(target.display, error);
  }
  return createRedisFrontier(client, target.display, prefix, opts.dedupCacheSize);
}

async function checkServer(client: Redis, display: string, prefix: string): Promise<void> {
  const info = await client.info('server');
  const version = /redis_version:(\d+)\.(\d+)/.exec(info);
  if (version && (Number(version[1]) < 6 || (Number(version[1]) === 6 && Number(version[2]) < 2))) {
    throw new FrontierUnavailableError(display, `Redis 6.2 or later is needed (this server is ${version[1]}.${version[2]})`, { retryable: false });
  }
  await client.set(`${prefix}v`, LAYOUT_VERSION, 'NX');
  const layout = await client.get(`${prefix}v`);
  if (layout !== LAYOUT_VERSION) {
    throw new FrontierUnavailableError(display, `job layout version ${String(layout)} is not the one this trawl reads (${LAYOUT_VERSION})`, { retryable: false });
  }
}

function createRedisFrontier(client: Redis, display: string, prefix: string, dedupCacheSize: number): FrontierBackend {
  for (const [name, lua] of Object.entries(SCRIPTS)) client.defineCommand(name, { numberOfKeys: 1, lua });
  const commands = client as unknown as Record<ScriptName, ScriptCall>;
  const nonce = randomBytes(6).readUIntBE(0, 6).toString(36);
  let calls = 0;
  let cache = new DedupCache(dedupCacheSize);
  // After a reconnect the server may be one that restarted and lost its last writes.
  client.on('ready', () => {
    cache = new DedupCache(dedupCacheSize);
  });

  async function run<T>(name: ScriptName, args: readonly (string | number)[]): Promise<T> {
    try {
      return (await commands[name].call(client, prefix, args)) as T;
    } catch (error) {
      throw mapRedisError(display, error);
    }
  }

  async function command<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw mapRedisError(display, error);
    }
  }

  const isNew = (key: string): boolean => !cache.has(key);
  const remember = (keys: readonly string[]): void => {
    for (const key of keys) cache.add(key);
  };

  async function status(): Promise<{ counts: FrontierCounts; nextReadyAt: number | null }> {
    const [p, l, d, f, next] = await run<string[]>('trawlStatus', []);
    return {
      counts: { pending: Number(p), leased: Number(l), done: Number(d), failed: Number(f) },
      nextReadyAt: next === '' || next === undefined ? null : Number(next),
    };
  }

  return {
    async add(requests: readonly CrawlRequest[]) {
      const { args, keys } = encodeForScript(requests, isNew);
      let added = 0;
      for (let i = 0; i < keys.length; i += ADD_SLICE) {
        const slice = keys.slice(i, i + ADD_SLICE);
        added += await run<number>('trawlAdd', [String(slice.length), ...args.slice(4 * i, 4 * (i + slice.length))]);
        remember(slice);
      }
      return added;
    },

    async lease(max, leaseMs, owner, budget) {
      checkLeaseArgs(max, leaseMs);
      checkBudget(budget);
      if (max === 0) return [];
      const call = (++calls).toString(36);
      const args = [max, leaseMs, owner === undefined ? '-' : `+${owner}`, nonce, call, budget?.key ?? '', budget?.limit ?? 0];
      const reply = await run<string[]>('trawlLease', args);
      const out: LeasedRequest[] = [];
      for (let i = 0; i < reply.length; i += 2) {
        const request = decodeEntry(reply[i] as string, reply[i + 1] as string);
        cache.add(request.uniqueKey);
        out.push(request);
      }
      return out;
    },

    async renew(ids, leaseMs) {
      checkLeaseMs(leaseMs);
      if (ids.length > 0) await run('trawlRenew', [leaseMs, ...ids.map(String)]);
    },

    async commit(batch: CommitBatch) {
      checkBatch(batch);
      const ackMin = batch.ackItems === undefined ? '' : cursorSuccessor(batch.ackItems);
      const fresh = encodeForScript(batch.added ?? [], isNew);
      const args: string[] = [];
      const done = batch.done ?? [];
      args.push(String(done.length), ...done.map(String));
      const failed = batch.failed ?? [];
      args.push(String(failed.length));
      for (const { id, code, reason } of failed) args.push(String(id), code, reason);
      const retry = batch.retry ?? [];
      args.push(String(retry.length));
      for (const { id, notBefore } of retry) args.push(String(id), String(notBefore));
      args.push(String(fresh.keys.length));
      for (const arg of fresh.args) args.push(arg);
      const items = batch.items ?? [];
      args.push(String(items.length));
      for (const group of items) args.push(group.lease, String(group.items.length), ...group.items);
      args.push(ackMin);
      if (batch.checkpoint) args.push('1', batch.checkpoint.key, batch.checkpoint.value);
      else args.push('0', '', '');
      const added = await run<number>('trawlCommit', args);
      remember(fresh.keys);
      return { added };
    },

    async reclaimAll() {
      return run<number>('trawlReclaim', ['all', '']);
    },

    async reclaimWorker(owner) {
      return run<number>('trawlReclaim', ['owner', String(owner)]);
    },

    async retryFailed() {
      return run<number>('trawlRetryFailed', []);
    },

    async counts() {
      return (await status()).counts;
    },

    async isFinished() {
      const { counts } = await status();
      return counts.pending === 0 && counts.leased === 0;
    },

    async nextReadyAt() {
      return (await status()).nextReadyAt;
    },

    async failures(limit) {
      const max = limit === undefined ? -1 : Math.max(0, Math.trunc(limit));
      if (max === 0) return [];
      const reply = await run<string[]>('trawlFailures', [max]);
      const out: FailedRecord[] = [];
      for (let i = 0; i < reply.length; i += 3) {
        const request = decodeEntry('', reply[i + 2] as string);
        out.push({ url: request.url, uniqueKey: request.uniqueKey, code: reply[i] as string, reason: reply[i + 1] as string, retries: request.retries });
      }
      return out;
    },

    async readItems(cursor, max) {
      checkMax(max);
      const start = cursor === undefined ? '-' : `(${checkCursor(cursor)}`;
      if (max === 0) return { items: [], cursor };
      const entries: [id: string, fields: string[]][] = await command(() => client.xrange(`${prefix}i`, start, '+', 'COUNT', max));
      const last = entries[entries.length - 1];
      return { items: entries.map(([, fields]) => fields[1] as string), cursor: last === undefined ? cursor : last[0] };
    },

    async queuedItems() {
      return command(() => client.xlen(`${prefix}i`));
    },

    async getCheckpoint(key) {
      return (await command(() => client.hget(`${prefix}ck`, key))) ?? undefined;
    },

    async heartbeat(worker) {
      const { id, host, pid, role, startedAt, stats } = worker;
      await run('trawlHeartbeat', [id, JSON.stringify({ host, pid, role, startedAt, stats })]);
    },

    async workers() {
      const reply = await run<string[]>('trawlWorkers', []);
      const out: WorkerRecord[] = [];
      for (let i = 0; i < reply.length; i += 3) {
        const record = JSON.parse(reply[i + 2] as string) as Omit<WorkerRecord, 'id' | 'seenAt'>;
        out.push({ id: reply[i] as string, ...record, seenAt: Number(reply[i + 1]) });
      }
      return out;
    },

    async removeWorker(id) {
      await run('trawlRemoveWorker', [id]);
    },

    async syncHosts(request) {
      checkSyncRequest(request);
      const args: (string | number)[] = [request.worker, request.perHost, request.delayMs, request.staleMs, INTEREST_MS, request.startSlackMs ?? 0];
      args.push(request.hosts.length);
      for (const host of request.hosts) args.push(host.origin, host.want, host.release);
      const blocks = request.blocks ?? [];
      args.push(blocks.length);
      for (const block of blocks) args.push(block.origin, block.until);
      const delays = request.delays ?? [];
      args.push(delays.length);
      for (const delay of delays) args.push(delay.origin, delay.delayMs);
      const reply = await run<string[]>('trawlSyncHosts', args);
      const grants = [];
      for (let i = 1; i < reply.length; i += 5) {
        grants.push({
          origin: reply[i] as string,
          granted: Number(reply[i + 1]),
          held: Number(reply[i + 2]),
          excess: Number(reply[i + 3]),
          readyAt: Number(reply[i + 4]),
        });
      }
      return { now: Number(reply[0]), grants };
    },

    async setMeta(key, value) {
      await command(() => client.hset(`${prefix}m`, key, value));
    },

    async getMeta(key) {
      return (await command(() => client.hget(`${prefix}m`, key))) ?? undefined;
    },

    async close() {
      if (client.status === 'end') return;
      // Tidy up and say goodbye if the server answers soon; a lost server must not hold the
      // process for the whole reconnect time.
      const tidy = client.status === 'ready' ? client.hdel(`${prefix}lc`, nonce).then(() => client.quit()) : Promise.resolve();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([tidy, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]).catch(() => undefined);
      clearTimeout(timer);
      tidy.catch(() => undefined);
      client.disconnect();
    },
  };
}
