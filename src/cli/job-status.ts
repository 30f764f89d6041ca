// What `trawl jobs` knows about a job kept under .trawl/: its state, counts, size and what it
// crawls, read straight from the job's SQLite file without changing what it holds (no schema
// migration, no lease reclaimed; see src/frontier/backends/sqlite-schema.ts for the tables).
import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_VERSION, STATE } from '../frontier/backends/sqlite-schema.js';
import { lockHolder } from '../frontier/job-lock.js';
import { JOB_META_KEY, type JobSettings } from './job-settings.js';

/**
 * running:     a live process holds the job's lock.
 * finished:    nothing pending, leased or queued (failed requests may remain: --retry-failed).
 * stopped:     requests wait, none leased (Ctrl-C, --max-pages): the same --job continues it.
 * interrupted: requests still leased by a process that is gone (killed): resuming reclaims them.
 * unreadable:  not a trawl frontier, or one written by a newer trawl (`error` says which).
 */
export type JobState = 'running' | 'finished' | 'stopped' | 'interrupted' | 'unreadable';

export interface JobStatus {
  readonly name: string;
  /** The job's database file. */
  readonly path: string;
  readonly state: JobState;
  /** The process running it (state running). */
  readonly pid?: number;
  readonly pending: number;
  readonly leased: number;
  readonly done: number;
  readonly failed: number;
  /** Items its workers queued in the frontier that the owner has not written out yet. */
  readonly items: number;
  /** Size on disk: the database and its -wal and -shm files. */
  readonly bytes: number;
  /** When it last ran: the newest of the files' times and the workers' heartbeats. */
  readonly lastRun: Date;
  /** 'rules': trawl crawl; 'spider': trawl run; null when the job has no settings (yet). */
  readonly kind: 'rules' | 'spider' | null;
  readonly spider?: { readonly file: string; readonly name: string };
  /** Workers in other processes may join it. */
  readonly shared: boolean;
  /** sha256 of its start URLs ('' when none were given). */
  readonly starts: string;
  /** The first URL it was given. */
  readonly start?: string;
  readonly error?: string;
}

export const DB_SUFFIXES = ['', '-wal', '-shm'] as const;

/** The jobs in `dir` (every `<name>.db` directly in it), by name; none when the folder does not exist. */
export function listJobs(dir: string): JobStatus[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.db') && entry.name !== '.db')
    .map((entry) => readJob(join(dir, entry.name), entry.name.slice(0, -'.db'.length)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function sizeOf(path: string): { bytes: number; mtimeMs: number } {
  let bytes = 0;
  let mtimeMs = 0;
  for (const suffix of DB_SUFFIXES) {
    try {
      const stat = statSync(`${path}${suffix}`);
      bytes += stat.size;
      // Readers touch the -shm, and a reader may make an empty -wal: neither is a run.
      if (suffix === '' || (suffix === '-wal' && stat.size > 0)) mtimeMs = Math.max(mtimeMs, stat.mtimeMs);
    } catch {
      // no such file: nothing to add
    }
  }
  return { bytes, mtimeMs };
}

interface Counts {
  pending: number;
  leased: number;
  done: number;
  failed: number;
}

export function readJob(path: string, name: string): JobStatus {
  // Sizes first: opening the file may add an empty -wal and a -shm.
  const { bytes, mtimeMs } = sizeOf(path);
  const pid = lockHolder(path);
  const base = { name, path, bytes, pending: 0, leased: 0, done: 0, failed: 0, items: 0, kind: null, shared: false, starts: '' } as const;
  const lastRun = new Date(mtimeMs);
  let db: Database.Database | undefined;
  try {
    // Read-only: looking changes nothing, not even the write-ahead log a crawl leaves behind (a
    // read-write connection closing last would fold it into the database). A file closed cleanly
    // gets an empty -wal and a -shm, which SQLite needs to read it.
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 2000 });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0 || version > SCHEMA_VERSION) {
      const error = version === 0 ? 'not a trawl frontier database' : `schema version ${version} is newer than this trawl supports (${SCHEMA_VERSION})`;
      return { ...base, ...unreadable(pid), lastRun, error };
    }
    const counts: Counts = { pending: 0, leased: 0, done: 0, failed: 0 };
    for (const row of db.prepare<[], { state: number; n: number }>('SELECT state, n FROM counts').all()) {
      if (row.state === STATE.pending) counts.pending = row.n;
      else if (row.state === STATE.leased) counts.leased = row.n;
      else if (row.state === STATE.done) counts.done = row.n;
      else if (row.state === STATE.failed) counts.failed = row.n;
    }
    const v2 = version >= 2;
    const items = v2 ? (db.prepare('SELECT count(*) FROM items').pluck().get() as number) : 0;
    const seen = v2 ? (db.prepare('SELECT max(seen_at) FROM workers').pluck().get() as number | null) : null;
    const settingsText = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(JOB_META_KEY) as string | undefined;
    const start = db.prepare("SELECT json_extract(data, '$.url') FROM requests ORDER BY id LIMIT 1").pluck().get() as string | undefined;
    const settings = parseSettings(settingsText);
    return {
      ...base,
      ...counts,
      items,
      state: stateOf(pid, counts, items),
      ...(pid !== undefined ? { pid } : {}),
      lastRun: new Date(Math.max(mtimeMs, seen ?? 0)),
      kind: settings?.kind ?? null,
      ...(settings?.spider ? { spider: { file: settings.spider.file, name: settings.spider.name } } : {}),
      shared: settings?.shared ?? false,
      starts: settings?.starts ?? '',
      ...(typeof start === 'string' ? { start } : {}),
    };
  } catch (error) {
    const message = (error as Error).message;
    return { ...base, ...unreadable(pid), lastRun, error: message };
  } finally {
    db?.close();
  }
}

/** A file that cannot be read is still running when a live process holds its lock. */
function unreadable(pid: number | undefined): { state: JobState; pid?: number } {
  return pid === undefined ? { state: 'unreadable' } : { state: 'running', pid };
}

function stateOf(pid: number | undefined, counts: Counts, items: number): JobState {
  if (pid !== undefined) return 'running';
  if (counts.leased > 0) return 'interrupted';
  // Items still queued in the frontier reach the output only when the job runs again.
  if (counts.pending > 0 || items > 0) return 'stopped';
  return 'finished';
}

function parseSettings(text: string | undefined): JobSettings | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as JobSettings;
  } catch {
    return undefined;
  }
}
