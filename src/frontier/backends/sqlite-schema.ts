// The SQLite frontier's tables, indexes and schema version (kept in PRAGMA user_version).
//
// requests holds one row per uniqueKey ever seen, whatever its state. Partial indexes keep
// each hot query proportional to what it returns, not to the size of the crawl:
//   requests_ready    (state = pending)      lease:        ORDER BY priority DESC, id LIMIT n
//   requests_leased   (state = leased)       expiry:       lease_until <= now
//   requests_waiting  (pending, not_before>0) nextReadyAt: min(not_before)
//   requests_failed   (state = failed)       failures():   oldest first
// Done rows sit in none of them, so a million finished pages don't slow the next lease.
// counts is kept exact by triggers so counts()/isFinished() never count rows.
//
// Version 2 adds what workers sharing the file need: the lease's owner (a dead worker's leases
// go back at once), the item queue (items of workers that do not write the output), the
// workers' heartbeats, per-host politeness shared by every worker, and lease budgets.
import { FrontierSchemaError } from '../../errors/frontier-schema-error.js';
import type Database from 'better-sqlite3';
import { InputError } from '../../errors/input-error.js';

export const SCHEMA_VERSION = 2;

export const STATE = { pending: 0, leased: 1, done: 2, failed: 3 } as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS requests (
  id          INTEGER PRIMARY KEY,
  key         TEXT    NOT NULL UNIQUE,
  state       INTEGER NOT NULL DEFAULT 0,
  priority    NUMERIC NOT NULL DEFAULT 0,
  not_before  INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,
  lease_token INTEGER NOT NULL DEFAULT 0,
  retries     INTEGER NOT NULL DEFAULT 0,
  data        TEXT    NOT NULL,
  error_code  TEXT,
  error       TEXT,
  failed_at   INTEGER,
  lease_owner TEXT
);
CREATE INDEX IF NOT EXISTS requests_ready ON requests (priority DESC, id, not_before) WHERE state = 0;
CREATE INDEX IF NOT EXISTS requests_leased ON requests (lease_until) WHERE state = 1;
CREATE INDEX IF NOT EXISTS requests_waiting ON requests (not_before) WHERE state = 0 AND not_before > 0;
CREATE INDEX IF NOT EXISTS requests_failed ON requests (failed_at, id) WHERE state = 3;
CREATE TABLE IF NOT EXISTS counts (state INTEGER PRIMARY KEY, n INTEGER NOT NULL);
INSERT OR IGNORE INTO counts (state, n) VALUES (0, 0), (1, 0), (2, 0), (3, 0);
CREATE TRIGGER IF NOT EXISTS requests_count_insert AFTER INSERT ON requests BEGIN
  UPDATE counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER IF NOT EXISTS requests_count_update AFTER UPDATE OF state ON requests
WHEN OLD.state <> NEW.state BEGIN
  UPDATE counts SET n = n - 1 WHERE state = OLD.state;
  UPDATE counts SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TABLE IF NOT EXISTS checkpoints (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Version 2's additions; applied to a fresh file after SCHEMA and to a version-1 file alone. */
const SCHEMA_2 = `
CREATE INDEX IF NOT EXISTS requests_owner ON requests (lease_owner) WHERE state = 1;
CREATE TABLE IF NOT EXISTS items (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workers (
  id TEXT PRIMARY KEY, host TEXT NOT NULL, pid INTEGER NOT NULL, role TEXT NOT NULL,
  started_at INTEGER NOT NULL, seen_at INTEGER NOT NULL, stats TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hosts (
  origin TEXT PRIMARY KEY, next_start INTEGER NOT NULL DEFAULT 0,
  blocked_until INTEGER NOT NULL DEFAULT 0, delay_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS host_permits (
  origin TEXT NOT NULL, worker TEXT NOT NULL, held INTEGER NOT NULL, asked_at INTEGER NOT NULL,
  PRIMARY KEY (origin, worker)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS host_permits_worker ON host_permits (worker);
CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, n INTEGER NOT NULL);
`;

function schemaError(path: string, reason: string, cause?: unknown): InputError {
  return new FrontierSchemaError(path, 'frontier database', reason, { cause });
}

/**
 * Creates the schema in a fresh file, accepts the current version, and refuses a file written
 * by a newer trawl (its layout may mean something this code would corrupt).
 */
export function ensureSchema(db: Database.Database, path: string): void {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw schemaError(path, `not a trawl frontier database: ${(error as Error).message}`, error);
  }
  if (version > SCHEMA_VERSION) {
    throw schemaError(path, `schema version ${version} is newer than this trawl supports (${SCHEMA_VERSION}); upgrade trawl to open it`);
  }
  if (version === SCHEMA_VERSION) return;
  // Several processes may open a new file at once: IMMEDIATE makes one of them create it.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current === SCHEMA_VERSION) return;
    if (current === 0) db.exec(SCHEMA);
    else db.exec('ALTER TABLE requests ADD COLUMN lease_owner TEXT');
    db.exec(SCHEMA_2);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
