// SQLite-only promises: durability across close/reopen and SIGKILL, sharing one file between
// processes, the schema version, and its options.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, OptionError } from '../../../src/errors/index.js';
import { openSqliteFrontier, SQLITE_FRONTIER_SCHEMA_VERSION } from '../../../src/frontier/index.js';
import { req } from '../../contract/frontier.contract.js';
import { finished, printed, runFixture } from './fixtures/spawn.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trawl-sqlite-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sqlite frontier', () => {
  it('creates missing parent folders and uses WAL', async () => {
    const path = join(dir, 'deep', 'er', 'job.db');
    const frontier = openSqliteFrontier(path);
    await frontier.add([req('a')]);
    await frontier.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_FRONTIER_SCHEMA_VERSION);
    db.close();
  });

  it('state survives close and reopen', async () => {
    const path = join(dir, 'job.db');
    let f = openSqliteFrontier(path);
    await f.add([req('done'), req('failed'), req('retry'), req('leased'), req('pending', { priority: -1 })]);
    const leases = await f.lease(4, 60_000);
    const id = (name: string): string => leases.find((l) => l.uniqueKey === `key-${name}`)!.id;
    const notBefore = Date.now() + 3_600_000;
    await f.commit({
      done: [id('done')],
      failed: [{ id: id('failed'), code: 'TRAWL_ERR_HTTP_STATUS', reason: 'HTTP 410 Gone' }],
      retry: [{ id: id('retry'), notBefore, reason: 'HTTP 503' }],
      checkpoint: { key: 'dataset', value: '42' },
    });
    await f.setMeta('options', '{"depth":1}');
    await f.close();

    f = openSqliteFrontier(path);
    expect(await f.counts()).toEqual({ pending: 2, leased: 1, done: 1, failed: 1 });
    expect(await f.getCheckpoint('dataset')).toBe('42');
    expect(await f.getMeta('options')).toBe('{"depth":1}');
    expect(await f.nextReadyAt()).toBe(notBefore);
    expect(await f.failures()).toEqual([
      { url: 'http://127.0.0.1/failed', uniqueKey: 'key-failed', code: 'TRAWL_ERR_HTTP_STATUS', reason: 'HTTP 410 Gone', retries: 0 },
    ]);
    // Keys are remembered across the reopen, whatever their state.
    expect(await f.add([req('done'), req('failed'), req('retry'), req('leased'), req('pending'), req('new')])).toBe(1);
    // The lease taken before the reopen still holds until the owner reclaims it.
    expect((await f.lease(10, 60_000)).map((r) => r.uniqueKey)).toEqual(['key-new', 'key-pending']);
    expect(await f.reclaimAll()).toBe(3);
    const again = await f.lease(10, 60_000);
    expect(again.map((r) => r.uniqueKey)).toEqual(['key-leased', 'key-new', 'key-pending']);
    await f.close();
  });

  it('a SIGKILL after commit loses nothing committed', async () => {
    const path = join(dir, 'job.db');
    const result = await finished(runFixture('commit-then-kill.ts', [path]));
    expect(result.signal).toBe('SIGKILL');
    expect(existsSync(`${path}-wal`)).toBe(true); // not checkpointed: the data is only in the WAL
    const f = openSqliteFrontier(path);
    expect(await f.counts()).toEqual({ pending: 1, leased: 1, done: 1, failed: 0 });
    expect(await f.getCheckpoint('items')).toBe('1');
    expect(await f.reclaimAll()).toBe(1);
    expect((await f.lease(5, 60_000)).map((r) => [r.uniqueKey, r.depth])).toEqual([
      ['b', 0],
      ['c', 1],
    ]);
    await f.close();
  });

  it('two processes sharing one file never lease the same request', async () => {
    const path = join(dir, 'shared.db');
    const f = openSqliteFrontier(path);
    const total = 1500;
    await f.add(Array.from({ length: total }, (_, i) => req(`r${i}`, { priority: i % 4 })));
    await f.close();
    const children = [runFixture('lease-worker.ts', [path, 'one']), runFixture('lease-worker.ts', [path, 'two'])];
    const results = children.map((child) => finished(child));
    await Promise.all(children.map((child) => printed(child, 'ready')));
    await writeFile(`${path}.go`, '');
    const [one, two] = await Promise.all(results);
    expect(one!.stderr).toBe('');
    expect(two!.stderr).toBe('');
    const keysOne = JSON.parse(one!.stdout.split('\n')[1]!) as string[];
    const keysTwo = JSON.parse(two!.stdout.split('\n')[1]!) as string[];
    // Both took part (each batch "works" 1 ms, so neither can drain 1500 requests alone first).
    expect(keysOne.length).toBeGreaterThan(0);
    expect(keysTwo.length).toBeGreaterThan(0);
    const both = [...keysOne, ...keysTwo];
    expect(new Set(both).size).toBe(both.length);
    expect(both).toHaveLength(total);
    const after = openSqliteFrontier(path);
    expect(await after.counts()).toEqual({ pending: 0, leased: 0, done: total, failed: 0 });
    expect(await after.getCheckpoint('one')).toBe(String(keysOne.length));
    expect(await after.getCheckpoint('two')).toBe(String(keysTwo.length));
    await after.close();
  });

  it('a request added by another connection is a duplicate here too', async () => {
    const path = join(dir, 'job.db');
    const first = openSqliteFrontier(path);
    const second = openSqliteFrontier(path);
    expect(await first.add([req('a')])).toBe(1);
    expect(await second.add([req('a'), req('b')])).toBe(1);
    expect(await first.add([req('b')])).toBe(0);
    const [lease] = await second.lease(1, 60_000);
    expect(await first.lease(5, 60_000)).toHaveLength(1);
    await first.commit({ done: [lease!.id] }); // a lease id is valid from any connection
    expect(await second.counts()).toEqual({ pending: 0, leased: 1, done: 1, failed: 0 });
    await first.close();
    await second.close();
  });

  it('refuses a file written by a newer schema version', async () => {
    const path = join(dir, 'job.db');
    await openSqliteFrontier(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_FRONTIER_SCHEMA_VERSION + 1}`);
    db.close();
    let error: unknown;
    try {
      openSqliteFrontier(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('TRAWL_ERR_FRONTIER_SCHEMA');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(`schema version ${SQLITE_FRONTIER_SCHEMA_VERSION + 1} is newer`);
  });

  it('refuses a file that is not a database', async () => {
    const path = join(dir, 'notes.db');
    await writeFile(path, 'this is not sqlite, just some text that is long enough to have a header '.repeat(20));
    expect(() => openSqliteFrontier(path)).toThrow(/not a trawl frontier database/);
  });

  it('rejects unknown or bad options naming them', () => {
    const path = join(dir, 'job.db');
    expect(() => openSqliteFrontier(path, { dedupCache: 5 } as never)).toThrow(OptionError);
    expect(() => openSqliteFrontier(path, { dedupCache: 5 } as never)).toThrow(/option dedupCache: is not an option of sqliteFrontier/);
    expect(() => openSqliteFrontier(path, { busyTimeoutMs: -1 })).toThrow(/option busyTimeoutMs:/);
  });

  it('a small dedup cache still rejects every duplicate', async () => {
    const f = openSqliteFrontier(join(dir, 'job.db'), { dedupCacheSize: 10 });
    const keys = Array.from({ length: 100 }, (_, i) => req(`k${i}`));
    expect(await f.add(keys)).toBe(100);
    expect(await f.add(keys)).toBe(0);
    expect(await f.add([...keys].reverse())).toBe(0);
    expect((await f.counts()).pending).toBe(100);
    await f.close();
  });
});
