// The HTTP cache's storage: one SQLite file, `<dir>/http-cache.db` (better-sqlite3, loaded on
// first use). One row per request fingerprint holds the response as the fetcher returned it —
// status, headers, Set-Cookie values, the decoded body, the URL — plus what RFC 9111 needs to
// judge it later (the request headers named by Vary, when it was requested and received).
//
// Crash safety: WAL with synchronous=NORMAL, and every write is one statement, so a killed
// process leaves each row either as it was or as written, never half; several processes may
// share one cache folder (writes wait up to 5 s for each other). The schema version is kept in
// user_version; a file written by a newer trawl is refused rather than misread.
import { join, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { InputError } from '../../errors/input-error.js';
import { ensureDirSync } from '../../util/ensure-dir.js';
import { lazyRequire } from '../../util/lazy-require.js';

const loadSqlite = lazyRequire<typeof BetterSqlite3>('better-sqlite3');

export const CACHE_SCHEMA_VERSION = 1;
export const CACHE_FILE = 'http-cache.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS responses (
  key           TEXT PRIMARY KEY,
  method        TEXT    NOT NULL,
  url           TEXT    NOT NULL,
  status        INTEGER NOT NULL,
  headers       TEXT    NOT NULL,
  set_cookies   TEXT,
  body          BLOB    NOT NULL,
  vary          TEXT,
  request_time  INTEGER NOT NULL,
  response_time INTEGER NOT NULL
);
`;

export interface StoredResponse {
  /** The request fingerprint (method, normalised URL, body). */
  readonly key: string;
  readonly method: string;
  /** The URL requested (this hop's, not the end of a redirect chain). */
  readonly url: string;
  readonly status: number;
  /** Lower-case names, as the fetcher returns them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly setCookies: readonly string[] | undefined;
  /** The body as fetch() returns it (decoded). */
  readonly body: Buffer;
  /** The request's values of the headers the response's Vary names (null: absent). */
  readonly vary: Readonly<Record<string, string | null>> | undefined;
  /** Epoch ms when the request was sent, and when its response had arrived. */
  readonly requestTime: number;
  readonly responseTime: number;
}

interface Row {
  key: string;
  method: string;
  url: string;
  status: number;
  headers: string;
  set_cookies: string | null;
  body: Buffer;
  vary: string | null;
  request_time: number;
  response_time: number;
}

export class HttpCacheStore {
  readonly path: string;
  readonly #db: BetterSqlite3.Database;
  readonly #get: BetterSqlite3.Statement<[string], Row>;
  readonly #has: BetterSqlite3.Statement<[string], { n: number }>;
  readonly #put: BetterSqlite3.Statement<Row>;
  readonly #delete: BetterSqlite3.Statement<[string]>;
  readonly #refresh: BetterSqlite3.Statement<[string, number, number, string]>;

  /** Opens (creating it if need be) the cache in folder `dir`. Throws InputError naming the folder or file. */
  static open(dir: string): HttpCacheStore {
    const folder = resolve(dir);
    try {
      ensureDirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new InputError(dir, 'cache folder', `cannot create it (${code})`, { cause: error });
    }
    return new HttpCacheStore(join(folder, CACHE_FILE));
  }

  private constructor(path: string) {
    this.path = path;
    let db: BetterSqlite3.Database;
    try {
      db = new (loadSqlite())(path, { timeout: 5000 });
    } catch (error) {
      throw new InputError(path, 'HTTP cache', `cannot open it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
    }
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > CACHE_SCHEMA_VERSION) {
        throw new InputError(path, 'HTTP cache', `written by a newer trawl (schema ${version}; this one reads ${CACHE_SCHEMA_VERSION})`);
      }
      db.exec(SCHEMA);
      if (version < CACHE_SCHEMA_VERSION) db.pragma(`user_version = ${CACHE_SCHEMA_VERSION}`);
    } catch (error) {
      db.close();
      if (error instanceof InputError) throw error;
      throw new InputError(path, 'HTTP cache', `not a usable cache file (${(error as Error).message})`, { cause: error });
    }
    this.#db = db;
    this.#get = db.prepare('SELECT * FROM responses WHERE key = ?');
    this.#has = db.prepare('SELECT count(*) AS n FROM responses WHERE key = ?');
    this.#put = db.prepare(
      `INSERT OR REPLACE INTO responses (key, method, url, status, headers, set_cookies, body, vary, request_time, response_time)
       VALUES (@key, @method, @url, @status, @headers, @set_cookies, @body, @vary, @request_time, @response_time)`,
    );
    this.#delete = db.prepare('DELETE FROM responses WHERE key = ?');
    this.#refresh = db.prepare('UPDATE responses SET headers = ?, request_time = ?, response_time = ? WHERE key = ?');
  }

  get(key: string): StoredResponse | undefined {
    const row = this.#get.get(key);
    if (!row) return undefined;
    return {
      key: row.key,
      method: row.method,
      url: row.url,
      status: row.status,
      headers: JSON.parse(row.headers) as Record<string, string>,
      setCookies: row.set_cookies === null ? undefined : (JSON.parse(row.set_cookies) as string[]),
      body: row.body,
      vary: row.vary === null ? undefined : (JSON.parse(row.vary) as Record<string, string | null>),
      requestTime: row.request_time,
      responseTime: row.response_time,
    };
  }

  has(key: string): boolean {
    return (this.#has.get(key)?.n ?? 0) > 0;
  }

  put(entry: StoredResponse): void {
    this.#put.run({
      key: entry.key,
      method: entry.method,
      url: entry.url,
      status: entry.status,
      headers: JSON.stringify(entry.headers),
      set_cookies: entry.setCookies ? JSON.stringify(entry.setCookies) : null,
      body: entry.body,
      vary: entry.vary ? JSON.stringify(entry.vary) : null,
      request_time: entry.requestTime,
      response_time: entry.responseTime,
    });
  }

  /** After a 304: the merged headers and the new request/response times (RFC 9111 4.3.4). */
  refresh(key: string, headers: Readonly<Record<string, string>>, requestTime: number, responseTime: number): void {
    this.#refresh.run(JSON.stringify(headers), requestTime, responseTime, key);
  }

  delete(key: string): void {
    this.#delete.run(key);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
