// Deterministic pseudo-random numbers for the demo's generated content and its fault injection:
// the same seed gives the same pages, images and faults on every start and every machine.
import { createHash } from 'node:crypto';

/** mulberry32: a tiny, fast 32-bit generator; good enough for made-up prices and pixels. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit number derived from any text, for seeding per page / per image / per request. */
export function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** `length` deterministic bytes derived from a label (keys, IVs). */
export function derivedBytes(label: string, length: number): Buffer {
  return createHash('sha256').update(`trawl-demo:${label}`).digest().subarray(0, length);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}
