import { describe, expect, it } from 'vitest';
import { DedupCache } from '../../../src/frontier/dedup-cache.js';

describe('dedup cache', () => {
  it('remembers recent keys and stays within its capacity', () => {
    const cache = new DedupCache(100);
    for (let i = 0; i < 10_000; i++) cache.add(`k${i}`);
    expect(cache.size).toBeLessThanOrEqual(100);
    expect(cache.has('k9999')).toBe(true);
    expect(cache.has('k0')).toBe(false);
  });

  it('keeps a key that is used again through a turnover', () => {
    const cache = new DedupCache(10);
    cache.add('hot');
    for (let i = 0; i < 100; i++) {
      cache.add(`cold${i}`);
      expect(cache.has('hot')).toBe(true);
    }
  });

  it('remembers nothing with capacity 0', () => {
    const cache = new DedupCache(0);
    cache.add('a');
    expect(cache.has('a')).toBe(false);
  });
});
