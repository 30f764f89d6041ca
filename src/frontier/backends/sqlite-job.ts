// The SQLite frontier's job tables beside the requests: the item queue, workers' heartbeats,
// shared per-host politeness and lease budgets (schema in sqlite-schema.ts). Every function is
// synchronous and runs inside the caller's transaction where it changes more than one row.
import type Database from 'better-sqlite3';
import type { HostSyncReply, HostSyncRequest } from '../../types/frontier.js';
import { applyBlocksAndDelays, checkSyncRequest, decideHost, type HostState, type PermitState } from '../host-gate.js';
import { checkMax, parseCursor, type JobState } from './memory-job.js';

interface HostRow {
  next_start: number;
  blocked_until: number;
  delay_ms: number;
}

interface PermitRow {
  worker: string;
  held: number;
  asked_at: number;
}

interface WorkerRow {
  id: string;
  host: string;
  pid: number;
  role: string;
  started_at: number;
  seen_at: number;
  stats: string;
}

export interface SqliteJob extends JobState {
  pushItems(items: readonly string[]): void;
  ackItems(cursor: string): void;
  dropPermits(worker: string): void;
  /** Takes up to `want` from the budget counter `key` capped at `limit`; returns how many. */
  spend(key: string, limit: number, want: number): number;
  refund(key: string, count: number): void;
}

export function createSqliteJob(db: Database.Database): SqliteJob {
  const sql = {
    pushItem: db.prepare('INSERT INTO items (data) VALUES (?)'),
    ackItems: db.prepare('DELETE FROM items WHERE seq <= ?'),
    readItems: db.prepare<[number, number], { seq: number; data: string }>('SELECT seq, data FROM items WHERE seq > ? ORDER BY seq LIMIT ?'),
    countItems: db.prepare('SELECT count(*) FROM items').pluck(),
    heartbeat: db.prepare(
      `INSERT INTO workers (id, host, pid, role, started_at, seen_at, stats) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, stats = excluded.stats`,
    ),
    workers: db.prepare<[], WorkerRow>('SELECT id, host, pid, role, started_at, seen_at, stats FROM workers ORDER BY seen_at DESC'),
    workerSeen: db.prepare('SELECT seen_at FROM workers WHERE id = ?').pluck(),
    removeWorker: db.prepare('DELETE FROM workers WHERE id = ?'),
    dropPermits: db.prepare('DELETE FROM host_permits WHERE worker = ?'),
    host: db.prepare<[string], HostRow>('SELECT next_start, blocked_until, delay_ms FROM hosts WHERE origin = ?'),
    putHost: db.prepare(
      `INSERT INTO hosts (origin, next_start, blocked_until, delay_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (origin) DO UPDATE SET next_start = excluded.next_start, blocked_until = excluded.blocked_until, delay_ms = excluded.delay_ms`,
    ),
    permits: db.prepare<[string], PermitRow>('SELECT worker, held, asked_at FROM host_permits WHERE origin = ?'),
    putPermit: db.prepare(
      `INSERT INTO host_permits (origin, worker, held, asked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (origin, worker) DO UPDATE SET held = excluded.held, asked_at = excluded.asked_at`,
    ),
    deletePermit: db.prepare('DELETE FROM host_permits WHERE origin = ? AND worker = ?'),
    counter: db.prepare('SELECT n FROM counters WHERE key = ?').pluck(),
    putCounter: db.prepare('INSERT INTO counters (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = excluded.n'),
  };

  const syncTx = db.transaction((request: HostSyncRequest): HostSyncReply => {
    const now = Date.now();
    const hosts = new Map<string, { state: HostState; dirty: boolean }>();
    const hostFor = (origin: string): { state: HostState; dirty: boolean } => {
      let host = hosts.get(origin);
      if (!host) {
        const row = sql.host.get(origin);
        host = { state: { nextStart: row?.next_start ?? 0, blockedUntil: row?.blocked_until ?? 0, delayMs: row?.delay_ms ?? 0 }, dirty: !row };
        hosts.set(origin, host);
      }
      return host;
    };
    applyBlocksAndDelays(request, (origin) => {
      const host = hostFor(origin);
      host.dirty = true;
      return host.state;
    });
    const seen = new Map<string, boolean>();
    const isLive = (worker: string): boolean => {
      let live = seen.get(worker);
      if (live === undefined) {
        const at = sql.workerSeen.get(worker) as number | undefined;
        live = at !== undefined && now - at < request.staleMs;
        seen.set(worker, live);
      }
      return live;
    };
    const grants = request.hosts.map((want) => {
      const host = hostFor(want.origin);
      const permits: PermitState[] = sql.permits.all(want.origin).map((row) => ({ worker: row.worker, held: row.held, askedAt: row.asked_at }));
      const before = host.state.nextStart;
      const { grant, mine } = decideHost(host.state, permits, want, request, now, isLive);
      if (host.state.nextStart !== before) host.dirty = true;
      if (mine.held === 0 && want.want === 0) sql.deletePermit.run(want.origin, mine.worker);
      else sql.putPermit.run(want.origin, mine.worker, mine.held, mine.askedAt);
      return grant;
    });
    for (const [origin, host] of hosts) {
      if (host.dirty) sql.putHost.run(origin, host.state.nextStart, host.state.blockedUntil, host.state.delayMs);
    }
    return { now, grants };
  });

  return {
    pushItems(items) {
      for (const data of items) sql.pushItem.run(data);
    },
    ackItems(cursor) {
      sql.ackItems.run(parseCursor(cursor));
    },
    readItems(cursor, max) {
      checkMax(max);
      const rows = sql.readItems.all(parseCursor(cursor), max);
      const last = rows[rows.length - 1];
      return { items: rows.map((row) => row.data), cursor: last === undefined ? cursor : String(last.seq) };
    },
    queuedItems() {
      return sql.countItems.get() as number;
    },
    heartbeat(worker) {
      sql.heartbeat.run(worker.id, worker.host, worker.pid, worker.role, worker.startedAt, Date.now(), worker.stats);
    },
    workers() {
      return sql.workers.all().map((row) => ({
        id: row.id,
        host: row.host,
        pid: row.pid,
        role: row.role === 'owner' ? 'owner' : 'worker',
        startedAt: row.started_at,
        seenAt: row.seen_at,
        stats: row.stats,
      }));
    },
    removeWorker(id) {
      sql.removeWorker.run(id);
    },
    dropPermits(worker) {
      sql.dropPermits.run(worker);
    },
    syncHosts(request) {
      checkSyncRequest(request);
      return syncTx.immediate(request);
    },
    spend(key, limit, want) {
      const spent = (sql.counter.get(key) as number | undefined) ?? 0;
      const take = Math.max(0, Math.min(want, limit - spent));
      if (take > 0) sql.putCounter.run(key, spent + take);
      return take;
    },
    refund(key, count) {
      if (count <= 0) return;
      const spent = (sql.counter.get(key) as number | undefined) ?? 0;
      sql.putCounter.run(key, Math.max(0, spent - count));
    },
  };
}
