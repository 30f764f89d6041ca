import { describe, expect, it } from 'vitest';
import { ReorderBuffer, windowAllows } from '../../../src/stream/reorder-buffer.js';

describe('ReorderBuffer', () => {
  it('hands out nothing until the segment the writer waits for arrives, then the whole run', () => {
    const buffer = new ReorderBuffer<string>();
    buffer.put(2, 'c', 30);
    buffer.put(1, 'b', 20);
    expect(buffer.takeReady()).toEqual([]);
    expect(buffer.heldBytes).toBe(50);
    buffer.put(0, 'a', 10);
    expect(buffer.takeReady()).toEqual(['a', 'b', 'c']);
    expect(buffer.next).toBe(3);
    expect(buffer.heldBytes).toBe(0);
  });

  it('stops a run at the first missing index and keeps what lies beyond it', () => {
    const buffer = new ReorderBuffer<number>(5);
    buffer.put(5, 5, 1);
    buffer.put(7, 7, 1);
    expect(buffer.takeReady()).toEqual([5]);
    expect(buffer.has(7)).toBe(true);
    expect(buffer.size).toBe(1);
    expect(buffer.heldBytes).toBe(1);
  });

  it('takes at most `max` items at a time', () => {
    const buffer = new ReorderBuffer<number>();
    for (const index of [0, 1, 2, 3]) buffer.put(index, index, 1);
    expect(buffer.takeReady(3)).toEqual([0, 1, 2]);
    expect(buffer.takeReady(3)).toEqual([3]);
  });

  it('refuses an index already written or already held', () => {
    const buffer = new ReorderBuffer<number>();
    buffer.put(0, 0, 1);
    expect(() => buffer.put(0, 0, 1)).toThrow(/already held/);
    buffer.takeReady();
    expect(() => buffer.put(0, 0, 1)).toThrow(/already written/);
  });
});

describe('windowAllows', () => {
  const base = { next: 10, heldBytes: 0, inFlightBytes: 0, candidateBytes: 100, maxBytes: 1000, maxAhead: 8 };

  it('always lets the segment the writer waits for start, however full the window', () => {
    expect(windowAllows(10, { ...base, heldBytes: 5000 })).toBe(true);
  });

  it('lets a segment ahead start while held + in flight + its own size fit', () => {
    expect(windowAllows(12, { ...base, heldBytes: 500, inFlightBytes: 400 })).toBe(true);
    expect(windowAllows(12, { ...base, heldBytes: 500, inFlightBytes: 401 })).toBe(false);
  });

  it('does not start a segment `maxAhead` or more past the writer, even with room', () => {
    expect(windowAllows(17, base)).toBe(true);
    expect(windowAllows(18, base)).toBe(false);
  });
});
