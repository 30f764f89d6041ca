// The FrontierBackend contract (src/types/frontier.ts) as one suite; every backend runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrawlError } from '../../src/errors/index.js';
import type { FrontierBackend } from '../../src/types/frontier.js';
import type { CrawlRequest } from '../../src/types/request.js';

export interface FrontierFixture {
  readonly frontier: FrontierBackend;
  readonly cleanup: () => Promise<void>;
}

export function req(name: string, extra: Partial<CrawlRequest> = {}): CrawlRequest {
  return {
    url: `http://127.0.0.1/${name}`,
    method: 'GET',
    priority: 0,
    depth: 0,
    uniqueKey: `key-${name}`,
    retries: 0,
    ...extra,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const names = (requests: readonly CrawlRequest[]): string[] => requests.map((r) => r.uniqueKey.replace(/^key-/, ''));

export function frontierContract(name: string, make: () => Promise<FrontierFixture>): void {
  describe(`frontier contract: ${name}`, () => {
    let fixture: FrontierFixture;
    let f: FrontierBackend;
    beforeEach(async () => {
      fixture = await make();
      f = fixture.frontier;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('add counts only requests it has never seen, and duplicates within one call count once', async () => {
      expect(await f.add([req('a'), req('b'), req('a')])).toBe(2);
      expect(await f.add([req('b'), req('c')])).toBe(1);
      expect(await f.add([])).toBe(0);
      expect(await f.counts()).toEqual({ pending: 3, leased: 0, done: 0, failed: 0 });
    });

    it('a duplicate added while leased, done or failed is ignored', async () => {
      await f.add([req('leased'), req('done'), req('failed')]);
      const leases = await f.lease(3, 60_000);
      const byName = new Map(leases.map((l) => [l.uniqueKey, l.id]));
      await f.commit({
        done: [byName.get('key-done') as string],
        failed: [{ id: byName.get('key-failed') as string, code: 'E', reason: 'broken' }],
      });
      expect(await f.add([req('leased'), req('done'), req('failed')])).toBe(0);
      expect(await f.commit({ added: [req('leased'), req('done'), req('failed'), req('new')] })).toEqual({ added: 1 });
      expect(await f.counts()).toEqual({ pending: 1, leased: 1, done: 1, failed: 1 });
    });

    it('leased requests carry their data unchanged', async () => {
      const full = req('full', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"q":1}',
        label: 'detail',
        userData: { page: 3, tags: ['x', 'y'], nested: { ok: true } },
        priority: 5,
        depth: 2,
        retries: 1,
      });
      await f.add([full]);
      const [leased] = await f.lease(1, 60_000);
      expect(typeof leased?.id).toBe('string');
      const { id: _id, ...rest } = leased as NonNullable<typeof leased>;
      expect(rest).toEqual(full);
    });

    it('higher priority is leased first, FIFO within a priority', async () => {
      await f.add([req('low1', { priority: -1 }), req('mid1'), req('high1', { priority: 10 }), req('mid2')]);
      await f.add([req('high2', { priority: 10 }), req('low2', { priority: -1 }), req('mid3'), req('top', { priority: 99 })]);
      const order: string[] = [];
      for (let batch = await f.lease(3, 60_000); batch.length > 0; batch = await f.lease(3, 60_000)) order.push(...names(batch));
      expect(order).toEqual(['top', 'high1', 'high2', 'mid1', 'mid2', 'mid3', 'low1', 'low2']);
    });

    it('a request that comes back keeps its place in the order it was added', async () => {
      await f.add([req('a'), req('b'), req('c')]);
      const [a] = await f.lease(1, 60_000);
      const [b] = await f.lease(1, 60_000);
      await f.commit({ retry: [{ id: b!.id, notBefore: 0, reason: 'again' }] });
      expect(await f.reclaimAll()).toBe(1);
      expect(names(await f.lease(10, 60_000))).toEqual(['a', 'b', 'c']);
      expect(a?.uniqueKey).toBe('key-a');
    });

    it('a leased request is not handed out again while its lease holds', async () => {
      await f.add([req('a'), req('b')]);
      const first = await f.lease(10, 60_000);
      expect(names(first)).toEqual(['a', 'b']);
      expect(await f.lease(10, 60_000)).toEqual([]);
      expect(await f.lease(0, 60_000)).toEqual([]);
    });

    it('lease returns [] when nothing is ready, which is not the end of the crawl', async () => {
      await f.add([req('a')]);
      await f.lease(1, 60_000);
      expect(await f.lease(5, 60_000)).toEqual([]);
      expect(await f.isFinished()).toBe(false);
    });

    it('lease expiry returns to pending', async () => {
      await f.add([req('a')]);
      const [first] = await f.lease(1, 40);
      await sleep(120);
      expect(await f.counts()).toEqual({ pending: 1, leased: 0, done: 0, failed: 0 });
      const [again] = await f.lease(1, 60_000);
      expect(again?.uniqueKey).toBe('key-a');
      expect(again?.id).not.toBe(first?.id);
      expect(again?.retries).toBe(0);
    });

    it('renew keeps a lease', async () => {
      await f.add([req('a')]);
      const [lease] = await f.lease(1, 400);
      await f.renew([lease!.id], 60_000);
      await sleep(600);
      expect(await f.lease(1, 60_000)).toEqual([]);
      expect((await f.counts()).leased).toBe(1);
      await f.commit({ done: [lease!.id] });
      expect((await f.counts()).done).toBe(1);
    });

    it('renew ignores expired and unknown ids', async () => {
      await f.add([req('a')]);
      const [lease] = await f.lease(1, 30);
      await sleep(100);
      await f.renew([lease!.id, 'no-such-id', '123.456'], 60_000);
      expect(names(await f.lease(1, 60_000))).toEqual(['a']);
    });

    it('a reclaimed request is fetched again', async () => {
      await f.add([req('a'), req('b'), req('c')]);
      const old = await f.lease(2, 60_000);
      expect(await f.reclaimAll()).toBe(2);
      expect(await f.counts()).toEqual({ pending: 3, leased: 0, done: 0, failed: 0 });
      const again = await f.lease(3, 60_000);
      expect(names(again)).toEqual(['a', 'b', 'c']);
      // The old holders' leases are gone: their late commit changes nothing.
      await f.commit({ done: old.map((l) => l.id) });
      expect(await f.counts()).toEqual({ pending: 0, leased: 3, done: 0, failed: 0 });
      expect(await f.reclaimAll()).toBe(3);
      expect(await f.reclaimAll()).toBe(0);
    });

    it('a commit for a lease that expired is ignored, even after the request was leased again', async () => {
      await f.add([req('a')]);
      const [stale] = await f.lease(1, 30);
      await sleep(100);
      await f.commit({ done: [stale!.id] });
      expect(await f.counts()).toEqual({ pending: 1, leased: 0, done: 0, failed: 0 });
      const [fresh] = await f.lease(1, 60_000);
      await f.commit({ failed: [{ id: stale!.id, code: 'E', reason: 'late' }] });
      expect(await f.counts()).toEqual({ pending: 0, leased: 1, done: 0, failed: 0 });
      await f.commit({ done: [fresh!.id] });
      expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: 1, failed: 0 });
    });

    it('commit ignores ids that are not currently leased', async () => {
      await f.add([req('a')]);
      const [lease] = await f.lease(1, 60_000);
      await f.commit({ done: [lease!.id] });
      await f.commit({
        done: [lease!.id, 'nonsense', '999999.1', ''],
        failed: [{ id: lease!.id, code: 'E', reason: 'twice' }],
        retry: [{ id: lease!.id, notBefore: 0, reason: 'twice' }],
      });
      expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: 1, failed: 0 });
      expect(await f.failures()).toEqual([]);
    });

    it('a retry is not leased before notBefore', async () => {
      await f.add([req('a')]);
      const [lease] = await f.lease(1, 60_000);
      const notBefore = Date.now() + 400;
      await f.commit({ retry: [{ id: lease!.id, notBefore, reason: 'HTTP 503' }] });
      expect(await f.lease(1, 60_000)).toEqual([]);
      expect(await f.counts()).toEqual({ pending: 1, leased: 0, done: 0, failed: 0 });
      expect(await f.isFinished()).toBe(false);
      expect(await f.nextReadyAt()).toBe(notBefore);
      await sleep(Math.max(0, notBefore - Date.now()) + 50);
      expect(await f.nextReadyAt()).toBeNull();
      const [again] = await f.lease(1, 60_000);
      expect(again?.uniqueKey).toBe('key-a');
      expect(again?.retries).toBe(1);
    });

    it('a ready request is leased while an earlier retry still waits', async () => {
      await f.add([req('a'), req('b')]);
      const [a] = await f.lease(1, 60_000);
      await f.commit({ retry: [{ id: a!.id, notBefore: Date.now() + 60_000, reason: 'later' }] });
      expect(names(await f.lease(5, 60_000))).toEqual(['b']);
    });

    it('nextReadyAt is null when nothing waits, else the earliest notBefore', async () => {
      expect(await f.nextReadyAt()).toBeNull();
      await f.add([req('a'), req('b'), req('c')]);
      expect(await f.nextReadyAt()).toBeNull();
      const [a, b] = await f.lease(2, 60_000);
      const now = Date.now();
      await f.commit({
        retry: [
          { id: a!.id, notBefore: now + 50_000, reason: 'x' },
          { id: b!.id, notBefore: now + 20_000, reason: 'y' },
        ],
      });
      expect(await f.nextReadyAt()).toBe(now + 20_000);
    });

    it('commit is all or nothing', async () => {
      await f.add([req('a'), req('b')]);
      const [a, b] = await f.lease(2, 60_000);
      const invalid = { ...req('bad'), uniqueKey: '' };
      await expect(
        f.commit({
          done: [a!.id],
          failed: [{ id: b!.id, code: 'E', reason: 'x' }],
          added: [req('good'), invalid],
          checkpoint: { key: 'items', value: '10' },
        }),
      ).rejects.toBeInstanceOf(TrawlError);
      const unserialisable = req('big', { userData: { n: 1n } as unknown as Record<string, unknown> });
      await expect(f.commit({ done: [a!.id], added: [req('good'), unserialisable] })).rejects.toThrow(/userData/);
      expect(await f.counts()).toEqual({ pending: 0, leased: 2, done: 0, failed: 0 });
      expect(await f.getCheckpoint('items')).toBeUndefined();
      // The leases are intact: the same ids still commit.
      expect(await f.commit({ done: [a!.id, b!.id], added: [req('good')] })).toEqual({ added: 1 });
      expect(await f.counts()).toEqual({ pending: 1, leased: 0, done: 2, failed: 0 });
    });

    it('add is all or nothing', async () => {
      await expect(f.add([req('a'), { ...req('b'), priority: Number.NaN }])).rejects.toThrow(/priority/);
      expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: 0, failed: 0 });
      expect(await f.add([req('a')])).toBe(1);
    });

    it('failed requests keep their reason and can be retried', async () => {
      await f.add([req('a', { retries: 2 }), req('b')]);
      const [a, b] = await f.lease(2, 60_000);
      await f.commit({ failed: [{ id: a!.id, code: 'TRAWL_ERR_HTTP_STATUS', reason: 'HTTP 404 Not Found' }] });
      await f.commit({ failed: [{ id: b!.id, code: 'TRAWL_ERR_TIMEOUT', reason: 'timed out' }] });
      expect(await f.failures()).toEqual([
        { url: 'http://127.0.0.1/a', uniqueKey: 'key-a', code: 'TRAWL_ERR_HTTP_STATUS', reason: 'HTTP 404 Not Found', retries: 2 },
        { url: 'http://127.0.0.1/b', uniqueKey: 'key-b', code: 'TRAWL_ERR_TIMEOUT', reason: 'timed out', retries: 0 },
      ]);
      expect(await f.failures(1)).toHaveLength(1);
      expect(await f.isFinished()).toBe(true);
      expect(await f.retryFailed()).toBe(2);
      expect(await f.failures()).toEqual([]);
      expect(await f.counts()).toEqual({ pending: 2, leased: 0, done: 0, failed: 0 });
      const again = await f.lease(2, 60_000);
      expect(names(again)).toEqual(['a', 'b']);
      expect(again.map((r) => r.retries)).toEqual([0, 0]);
      expect(await f.retryFailed()).toBe(0);
    });

    it('checkpoint saved in the same commit', async () => {
      await f.add([req('a'), req('b')]);
      expect(await f.getCheckpoint('dataset')).toBeUndefined();
      const [a, b] = await f.lease(2, 60_000);
      await f.commit({ done: [a!.id], checkpoint: { key: 'dataset', value: '{"bytes":120}' } });
      expect(await f.getCheckpoint('dataset')).toBe('{"bytes":120}');
      await f.commit({ done: [b!.id], checkpoint: { key: 'dataset', value: '{"bytes":240}' } });
      expect(await f.getCheckpoint('dataset')).toBe('{"bytes":240}');
      // A checkpoint alone (no leases) is still saved.
      await f.commit({ checkpoint: { key: 'other', value: 'x' } });
      expect(await f.getCheckpoint('other')).toBe('x');
    });

    it('reclaimAll returns every leased request to pending at once', async () => {
      await f.add([req('a'), req('b'), req('c')]);
      const [a] = await f.lease(1, 60_000);
      await f.lease(2, 120_000);
      await f.commit({ done: [a!.id] });
      expect(await f.reclaimAll()).toBe(2);
      expect(await f.counts()).toEqual({ pending: 2, leased: 0, done: 1, failed: 0 });
    });

    it('counts and isFinished follow requests through their states', async () => {
      expect(await f.isFinished()).toBe(true);
      await f.add([req('a'), req('b'), req('c'), req('d')]);
      expect(await f.isFinished()).toBe(false);
      const [a, b, c] = await f.lease(3, 60_000);
      expect(await f.counts()).toEqual({ pending: 1, leased: 3, done: 0, failed: 0 });
      await f.commit({
        done: [a!.id],
        failed: [{ id: b!.id, code: 'E', reason: 'x' }],
        retry: [{ id: c!.id, notBefore: 0, reason: 'y' }],
      });
      expect(await f.counts()).toEqual({ pending: 2, leased: 0, done: 1, failed: 1 });
      const rest = await f.lease(10, 60_000);
      expect(names(rest)).toEqual(['c', 'd']);
      expect(await f.isFinished()).toBe(false);
      await f.commit({ done: rest.map((r) => r.id) });
      expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: 3, failed: 1 });
      expect(await f.isFinished()).toBe(true);
    });

    it('commit resolves with how many added requests were new', async () => {
      await f.add([req('a')]);
      const [a] = await f.lease(1, 60_000);
      expect(await f.commit({ done: [a!.id], added: [req('a'), req('b'), req('b'), req('c')] })).toEqual({ added: 2 });
      expect(await f.commit({})).toEqual({ added: 0 });
      expect(names(await f.lease(5, 60_000))).toEqual(['b', 'c']);
    });

    it('meta values are kept outside commits', async () => {
      expect(await f.getMeta('options')).toBeUndefined();
      await f.setMeta('options', '{"depth":2}');
      await f.setMeta('options', '{"depth":3}');
      expect(await f.getMeta('options')).toBe('{"depth":3}');
      expect(await f.getCheckpoint('options')).toBeUndefined();
    });

    it('bad arguments are rejected with an error naming them', async () => {
      await expect(f.lease(-1, 1000)).rejects.toThrow(/max/);
      await expect(f.lease(1, 0)).rejects.toThrow(/leaseMs/);
      await expect(f.renew([], Number.NaN)).rejects.toThrow(/leaseMs/);
      await expect(f.commit({ retry: [{ id: '1.1', notBefore: Number.NaN, reason: 'x' }] })).rejects.toThrow(/retry/);
    });

    it('reclaimWorker returns only that worker\'s leases to pending', async () => {
      await f.add([req('a'), req('b'), req('c')]);
      const [a] = await f.lease(1, 60_000, 'worker-1');
      const [b] = await f.lease(1, 60_000, 'worker-2');
      await f.lease(1, 60_000);
      expect(await f.reclaimWorker('worker-1')).toBe(1);
      expect(await f.reclaimWorker('worker-1')).toBe(0);
      expect(await f.counts()).toEqual({ pending: 1, leased: 2, done: 0, failed: 0 });
      // The dead worker's late commit changes nothing; the other worker's lease still holds.
      await f.commit({ done: [a!.id, b!.id] });
      expect(await f.counts()).toEqual({ pending: 1, leased: 1, done: 1, failed: 0 });
      expect(names(await f.lease(5, 60_000))).toEqual(['a']);
    });

    it('items of done leases are queued in commit order; items of a lost lease are dropped', async () => {
      await f.add([req('a'), req('b'), req('c')]);
      const [a, b] = await f.lease(2, 60_000, 'w1');
      const [c] = await f.lease(1, 60_000, 'w2');
      await f.reclaimWorker('w2');
      await f.commit({
        done: [b!.id, a!.id, c!.id],
        items: [
          { lease: b!.id, items: ['{"n":"b1"}', '{"n":"b2"}'] },
          { lease: a!.id, items: ['{"n":"a1"}'] },
          { lease: c!.id, items: ['{"n":"c1"}'] },
          { lease: 'not-a-lease', items: ['{"n":"x"}'] },
        ],
      });
      expect(await f.queuedItems()).toBe(3);
      const first = await f.readItems(undefined, 2);
      expect(first.items).toEqual(['{"n":"b1"}', '{"n":"b2"}']);
      const rest = await f.readItems(first.cursor, 10);
      expect(rest.items).toEqual(['{"n":"a1"}']);
      const none = await f.readItems(rest.cursor, 10);
      expect(none.items).toEqual([]);
      expect(none.cursor).toBe(rest.cursor);
      // A second commit of the same leases adds nothing again.
      await f.commit({ done: [a!.id], items: [{ lease: a!.id, items: ['{"n":"a1"}'] }] });
      expect(await f.queuedItems()).toBe(3);
    });

    it('acking items removes them up to the cursor, with the checkpoint, in one commit', async () => {
      await f.add([req('a'), req('b')]);
      const [a, b] = await f.lease(2, 60_000, 'w');
      await f.commit({ done: [a!.id], items: [{ lease: a!.id, items: ['1', '2'] }] });
      const read = await f.readItems(undefined, 10);
      await f.commit({ done: [b!.id], items: [{ lease: b!.id, items: ['3'] }] });
      await f.commit({ ackItems: read.cursor!, checkpoint: { key: 'out', value: 'after-2' } });
      expect(await f.getCheckpoint('out')).toBe('after-2');
      expect(await f.queuedItems()).toBe(1);
      expect((await f.readItems(undefined, 10)).items).toEqual(['3']);
      // Acking the same cursor again is harmless.
      await f.commit({ ackItems: read.cursor! });
      expect((await f.readItems(undefined, 10)).items).toEqual(['3']);
      await expect(f.commit({ ackItems: 'nonsense' })).rejects.toThrow(/cursor/);
    });

    it('a lease budget caps what every worker leases together', async () => {
      await f.add(Array.from({ length: 10 }, (_, i) => req(`r${i}`)));
      const budget = { key: 'run-1', limit: 5 };
      expect(await f.lease(3, 60_000, 'w1', budget)).toHaveLength(3);
      expect(await f.lease(3, 60_000, 'w2', budget)).toHaveLength(2);
      expect(await f.lease(3, 60_000, 'w1', budget)).toHaveLength(0);
      expect(await f.lease(3, 60_000, 'w1', { key: 'run-2', limit: 1 })).toHaveLength(1);
      expect((await f.counts()).pending).toBe(4);
    });

    it('workers report themselves with heartbeats and can leave', async () => {
      const base = { host: 'box', pid: 1, role: 'worker' as const, startedAt: 1000, stats: '{}' };
      await f.heartbeat({ ...base, id: 'w1' });
      await sleep(5);
      await f.heartbeat({ ...base, id: 'w2', role: 'owner', stats: '{"done":3}' });
      const list = await f.workers();
      expect(list.map((w) => w.id)).toEqual(['w2', 'w1']);
      expect(list[0]).toMatchObject({ host: 'box', pid: 1, role: 'owner', startedAt: 1000, stats: '{"done":3}' });
      expect(Math.abs(list[0]!.seenAt - Date.now())).toBeLessThan(5000);
      await f.removeWorker('w1');
      expect((await f.workers()).map((w) => w.id)).toEqual(['w2']);
    });

    it('hosts: never more than perHost in flight across workers, shared fairly', async () => {
      const beat = (id: string) => f.heartbeat({ id, host: 'box', pid: 1, role: 'worker', startedAt: 0, stats: '{}' });
      await beat('w1');
      await beat('w2');
      const sync = (worker: string, want: number, release = 0) =>
        f.syncHosts({ worker, perHost: 4, delayMs: 0, staleMs: 60_000, hosts: [{ origin: 'http://h', want, release }] });
      // Alone, a worker may take every permit.
      expect((await sync('w1', 10)).grants[0]).toMatchObject({ granted: 4, held: 4, excess: 0, readyAt: 0 });
      // A second worker asks: nothing is free, and the first learns it holds more than its share.
      expect((await sync('w2', 10)).grants[0]).toMatchObject({ granted: 0, held: 0 });
      expect((await sync('w1', 0)).grants[0]).toMatchObject({ held: 4, excess: 2 });
      // The first gives back two; the second gets them, and no more than its share.
      expect((await sync('w1', 0, 2)).grants[0]).toMatchObject({ held: 2, excess: 0 });
      expect((await sync('w2', 10)).grants[0]).toMatchObject({ granted: 2, held: 2 });
      expect((await sync('w1', 10)).grants[0]).toMatchObject({ granted: 0, held: 2 });
    });

    it('hosts: a worker that stopped reporting holds nothing', async () => {
      const beat = (id: string) => f.heartbeat({ id, host: 'box', pid: 1, role: 'worker', startedAt: 0, stats: '{}' });
      await beat('dead');
      await beat('alive');
      const sync = (worker: string, want: number) =>
        f.syncHosts({ worker, perHost: 2, delayMs: 0, staleMs: 200, hosts: [{ origin: 'http://h', want, release: 0 }] });
      expect((await sync('dead', 2)).grants[0]!.granted).toBe(2);
      expect((await sync('alive', 2)).grants[0]!.granted).toBe(0);
      await sleep(300);
      await beat('alive');
      expect((await sync('alive', 2)).grants[0]!.granted).toBe(2);
    });

    it('hosts: with a delay, one start at a time, spaced by the delay across workers', async () => {
      const beat = (id: string) => f.heartbeat({ id, host: 'box', pid: 1, role: 'worker', startedAt: 0, stats: '{}' });
      await beat('w1');
      await beat('w2');
      const sync = (worker: string) =>
        f.syncHosts({ worker, perHost: 8, delayMs: 300, staleMs: 60_000, hosts: [{ origin: 'http://h', want: 5, release: 0 }] });
      const first = await sync('w1');
      expect(first.grants[0]!.granted).toBe(1);
      const second = await sync('w2');
      expect(second.grants[0]!.granted).toBe(0);
      expect(second.grants[0]!.readyAt).toBeGreaterThanOrEqual(first.now + 300);
      await sleep(Math.max(0, second.grants[0]!.readyAt - Date.now()) + 20);
      expect((await sync('w2')).grants[0]!.granted).toBe(1);
    });

    it('hosts: a block stops grants for every worker until it ends, and a host delay widens the gap', async () => {
      const beat = (id: string) => f.heartbeat({ id, host: 'box', pid: 1, role: 'worker', startedAt: 0, stats: '{}' });
      await beat('w1');
      await beat('w2');
      const until = Date.now() + 300;
      await f.syncHosts({ worker: 'w1', perHost: 8, delayMs: 0, staleMs: 60_000, hosts: [], blocks: [{ origin: 'http://h', until }] });
      const blocked = await f.syncHosts({ worker: 'w2', perHost: 8, delayMs: 0, staleMs: 60_000, hosts: [{ origin: 'http://h', want: 3, release: 0 }] });
      expect(blocked.grants[0]).toMatchObject({ granted: 0, readyAt: until });
      await sleep(until - Date.now() + 20);
      const open = await f.syncHosts({
        worker: 'w2', perHost: 8, delayMs: 0, staleMs: 60_000,
        hosts: [{ origin: 'http://h', want: 3, release: 0 }], delays: [{ origin: 'http://h', delayMs: 10_000 }],
      });
      expect(open.grants[0]!.granted).toBe(1);
      const next = await f.syncHosts({ worker: 'w1', perHost: 8, delayMs: 0, staleMs: 60_000, hosts: [{ origin: 'http://h', want: 1, release: 0 }] });
      expect(next.grants[0]!.granted).toBe(0);
      expect(next.grants[0]!.readyAt).toBeGreaterThanOrEqual(open.now + 10_000);
    });

    it('reclaimWorker drops the worker\'s host permits too', async () => {
      const beat = (id: string) => f.heartbeat({ id, host: 'box', pid: 1, role: 'worker', startedAt: 0, stats: '{}' });
      await beat('w1');
      await beat('w2');
      const sync = (worker: string) =>
        f.syncHosts({ worker, perHost: 2, delayMs: 0, staleMs: 60_000, hosts: [{ origin: 'http://h', want: 2, release: 0 }] });
      expect((await sync('w1')).grants[0]!.granted).toBe(2);
      expect((await sync('w2')).grants[0]!.granted).toBe(0);
      await f.reclaimWorker('w1');
      expect((await sync('w2')).grants[0]!.granted).toBe(2);
    });

    it('a large batch keeps its order and loses nothing', async () => {
      const many = Array.from({ length: 2000 }, (_, i) => req(`n${i}`, { priority: i % 3 }));
      expect(await f.add(many)).toBe(2000);
      const seen: string[] = [];
      for (let batch = await f.lease(64, 60_000); batch.length > 0; batch = await f.lease(64, 60_000)) {
        seen.push(...names(batch));
        await f.commit({ done: batch.map((r) => r.id), added: batch.map((r) => req(r.uniqueKey.slice(4))) });
      }
      const expected = [2, 1, 0].flatMap((p) => many.filter((r) => r.priority === p)).map((r) => r.uniqueKey.slice(4));
      expect(seen).toEqual(expected);
      expect(await f.counts()).toEqual({ pending: 0, leased: 0, done: 2000, failed: 0 });
    });
  });
}
