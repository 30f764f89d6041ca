// The auto-throttle's rule, answer by answer: up additively while a host answers fast, down
// when its latency rises, halved on 429/503, never above --per-host or below --delay.
import { describe, expect, it } from 'vitest';
import { ThrottledSlots } from '../../../src/http/auto-throttle.js';
import { HostSlots } from '../../../src/http/host-slots.js';

const HOST = 'http://h';

function slots(perHost = 8, minDelayMs = 0): ThrottledSlots {
  return new ThrottledSlots(new HostSlots({ concurrency: 64, perHost, delayMs: minDelayMs }), { perHost, minDelayMs });
}

const state = (throttle: ThrottledSlots) => throttle.states().find((host) => host.origin === HOST)!;

describe('auto-throttle', () => {
  it('starts a host at two requests in flight and refuses a third', () => {
    const throttle = slots();
    const a = throttle.tryAcquire(HOST);
    const b = throttle.tryAcquire(HOST);
    expect(a && b).toBeTruthy();
    expect(throttle.tryAcquire(HOST)).toBeUndefined();
    a!.release();
    expect(throttle.tryAcquire(HOST)).toBeDefined();
  });

  it('adds one request in flight per round of fast answers, up to --per-host', () => {
    const throttle = slots(5);
    throttle.tryAcquire(HOST);
    for (let i = 0; i < 100; i++) throttle.observe(HOST, 20, 200);
    expect(state(throttle).limit).toBe(5);
  });

  it('halves the limit and raises the delay on a 429 or 503, once per round trip', async () => {
    const throttle = slots(8);
    throttle.tryAcquire(HOST);
    for (let i = 0; i < 100; i++) throttle.observe(HOST, 20, 200);
    expect(state(throttle).limit).toBe(8);
    throttle.observe(HOST, 20, 429);
    expect(state(throttle).limit).toBe(4);
    expect(state(throttle).delayMs).toBe(100);
    // Answers to requests already in flight at the first 429 say nothing new.
    throttle.observe(HOST, 20, 429);
    expect(state(throttle).limit).toBe(4);
    await new Promise((resolve) => setTimeout(resolve, 120));
    throttle.observe(HOST, 20, 503);
    expect(state(throttle).limit).toBe(2);
    expect(state(throttle).delayMs).toBe(150);
    // Good answers bring the delay back down.
    for (let i = 0; i < 60; i++) throttle.observe(HOST, 20, 200);
    expect(state(throttle).delayMs).toBe(0);
  });

  it('backs off when latency rises far above the host\'s best, and recovers when it falls again', async () => {
    const throttle = slots(8);
    throttle.tryAcquire(HOST);
    for (let i = 0; i < 60; i++) throttle.observe(HOST, 10, 200);
    expect(state(throttle).limit).toBe(8);
    // Slow answers: one fewer in flight at most once per (smoothed) latency.
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 5; i++) throttle.observe(HOST, 300, 200);
      await new Promise((resolve) => setTimeout(resolve, state(throttle).latencyMs + 5));
    }
    const slowed = state(throttle).limit;
    expect(slowed).toBeLessThan(8);
    for (let i = 0; i < 200; i++) throttle.observe(HOST, 10, 200);
    expect(state(throttle).limit).toBe(8);
    expect(state(throttle).delayMs).toBe(0);
  });

  it('keeps the delay within --delay and 60 s, and spaces starts by it', async () => {
    const throttle = slots(8, 100);
    expect(throttle.tryAcquire(HOST)).toBeDefined();
    expect(throttle.tryAcquire(HOST)).toBeUndefined();
    expect(throttle.readyInMs(HOST)).toBeGreaterThan(0);
    for (let i = 0; i < 50; i++) throttle.observe(HOST, 5, 200);
    expect(state(throttle).delayMs).toBe(100);
    for (let i = 0; i < 20; i++) {
      throttle.observe(HOST, 5, 429);
      // One round trip later (the delay, now the longest part of it).
      await new Promise((resolve) => setTimeout(resolve, Math.min(state(throttle).delayMs, 400) + 5));
      if (state(throttle).delayMs >= 400) break;
    }
    expect(state(throttle).delayMs).toBeGreaterThanOrEqual(400);
    expect(state(throttle).limit).toBe(1);
  });
});
