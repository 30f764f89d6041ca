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
