// HostSlots: global and per-host concurrency, minimum delay, blocks, fair waiting, wake-ups.
// Timing checks are lower bounds measured from a time taken before the action, never upper bounds.
import { describe, expect, it } from 'vitest';
import { HostSlots } from '../../../src/http/host-slots.js';
import { OptionError } from '../../../src/errors/index.js';

const A = 'http://a.test';
const B = 'http://b.test';

describe('HostSlots', () => {
  it('refuses a permit beyond the per-host limit and grants it again after a release', () => {
    const slots = new HostSlots({ concurrency: 10, perHost: 2 });
    const first = slots.tryAcquire(A);
    const second = slots.tryAcquire(A);
    expect(first && second).toBeTruthy();
    expect(slots.tryAcquire(A)).toBeUndefined();
    expect(slots.tryAcquire(B)).toBeDefined();
    first!.release();
    expect(slots.tryAcquire(A)).toBeDefined();
  });

  it('refuses a permit beyond the global limit whatever the host', () => {
    const slots = new HostSlots({ concurrency: 2, perHost: 2 });
    const a = slots.tryAcquire(A)!;
    slots.tryAcquire(B)!;
    expect(slots.tryAcquire('http://c.test')).toBeUndefined();
    expect(slots.active).toBe(2);
    a.release();
    expect(slots.tryAcquire('http://c.test')).toBeDefined();
  });

  it('counts a permit released twice only once', () => {
    const slots = new HostSlots({ concurrency: 2, perHost: 1 });
    const permit = slots.tryAcquire(A)!;
    const other = slots.tryAcquire(B)!;
    permit.release();
    permit.release();
    expect(slots.active).toBe(1);
    expect(slots.tryAcquire(A)).toBeDefined();
    expect(slots.tryAcquire(A)).toBeUndefined();
    other.release();
  });

  it('serves acquire() calls for one host in the order they were made', async () => {
    const slots = new HostSlots({ concurrency: 5, perHost: 1 });
    const held = slots.tryAcquire(A)!;
    const order: number[] = [];
    const waits = [1, 2, 3].map((n) =>
      slots.acquire(A).then((permit) => {
        order.push(n);
        permit.release();
      }),
    );
    expect(slots.waiting).toBe(3);
    // A waiter has priority over a later tryAcquire for the same host.
    held.release();
    expect(slots.tryAcquire(A)).toBeUndefined();
    await Promise.all(waits);
    expect(order).toEqual([1, 2, 3]);
    expect(slots.active).toBe(0);
  });

  it('hands freed global capacity to waiting hosts in turn', async () => {
    const slots = new HostSlots({ concurrency: 1, perHost: 5 });
    const held = slots.tryAcquire(A)!;
    const order: string[] = [];
    const waits = [A, A, B, B].map((origin) =>
      slots.acquire(origin).then((permit) => {
        order.push(origin);
        setImmediate(() => permit.release());
      }),
    );
    held.release();
    await Promise.all(waits);
    expect(order).toEqual([A, B, A, B]);
  });

  it('spaces request starts on one host by delayMs and reports the wait', async () => {
    const slots = new HostSlots({ concurrency: 5, perHost: 5, delayMs: 120 });
    const t0 = Date.now();
    slots.tryAcquire(A)!.release();
    expect(slots.tryAcquire(A)).toBeUndefined();
    expect(slots.readyInMs(A)).toBeGreaterThan(0);
    expect(slots.readyInMs(A)).toBeLessThanOrEqual(120);
    expect(slots.readyInMs(B)).toBe(0);
    const starts: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        slots.acquire(A).then((permit) => {
          starts.push(Date.now());
          permit.release();
        }),
      ),
    );
    // The k-th acquire after the first start cannot begin before t0 + k·delay.
    starts.forEach((at, index) => expect(at - t0).toBeGreaterThanOrEqual((index + 1) * 120));
  });

  it('returns 0 from readyInMs when a host is only held back by concurrency', () => {
    const slots = new HostSlots({ concurrency: 1, perHost: 1 });
    slots.tryAcquire(A);
    expect(slots.tryAcquire(A)).toBeUndefined();
    expect(slots.readyInMs(A)).toBe(0);
  });

  it('starts nothing on a blocked host before the block ends, and a shorter block does not shorten it', async () => {
    const slots = new HostSlots();
    const until = Date.now() + 150;
    slots.block(A, until);
    slots.block(A, Date.now() + 10);
    expect(slots.tryAcquire(A)).toBeUndefined();
    expect(slots.readyInMs(A)).toBeGreaterThan(100);
    expect(slots.tryAcquire(B)).toBeDefined();
    const permit = await slots.acquire(A);
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    permit.release();
  });

  it('wakes onAvailable() on a release', async () => {
    const slots = new HostSlots({ concurrency: 1 });
    const permit = slots.tryAcquire(A)!;
    let woke = false;
    const wake = slots.onAvailable().then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    permit.release();
    await wake;
    expect(slots.tryAcquire(B)).toBeDefined();
  });

  it('wakes onAvailable() when a delay the scheduler ran into has passed', async () => {
    const slots = new HostSlots({ delayMs: 100 });
    const t0 = Date.now();
    slots.tryAcquire(A)!.release();
    expect(slots.tryAcquire(A)).toBeUndefined();
    await slots.onAvailable();
    // A release happened before; onAvailable may wake early for it, so ask until it is ready.
    while (!slots.tryAcquire(A)) await slots.onAvailable();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it('wakes onAvailable() when a block ends', async () => {
    const slots = new HostSlots();
    const until = Date.now() + 80;
    slots.block(A, until);
    expect(slots.tryAcquire(A)).toBeUndefined();
    await slots.onAvailable();
    expect(Date.now()).toBeGreaterThanOrEqual(until);
    expect(slots.tryAcquire(A)).toBeDefined();
  });

  it('rejects a waiting acquire() when its signal aborts and forgets the waiter', async () => {
    const slots = new HostSlots({ perHost: 1 });
    const held = slots.tryAcquire(A)!;
    const controller = new AbortController();
    const waiting = slots.acquire(A, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(slots.waiting).toBe(0);
    held.release();
    expect(slots.active).toBe(0);
  });

  it('overrides the delay of one host with setDelay', () => {
    const slots = new HostSlots({ delayMs: 0 });
    slots.setDelay(A, 1000);
    slots.tryAcquire(A)!.release();
    expect(slots.tryAcquire(A)).toBeUndefined();
    slots.tryAcquire(B)!.release();
    expect(slots.tryAcquire(B)).toBeDefined();
  });

  it('rejects waiters on close', async () => {
    const slots = new HostSlots({ perHost: 1 });
    slots.tryAcquire(A);
    const waiting = slots.acquire(A);
    slots.close();
    await expect(waiting).rejects.toThrow('closed');
  });

  it('rejects impossible options with an OptionError naming the option', () => {
    expect(() => new HostSlots({ perHost: 0 })).toThrow(OptionError);
    expect(() => new HostSlots({ concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => new HostSlots({ delayMs: -1 })).toThrow(/delayMs/);
  });
});
