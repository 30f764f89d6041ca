import { describe, expect, it } from 'vitest';
import { expectsMpegTs, findSyncError, TS_PACKET_BYTES } from '../../../src/stream/ts-sync.js';

function packets(count: number): Buffer {
  const bytes = Buffer.alloc(count * TS_PACKET_BYTES, 0xff);
  for (let index = 0; index < count; index++) bytes[index * TS_PACKET_BYTES] = 0x47;
  return bytes;
}

describe('findSyncError (ISO/IEC 13818-1: every packet starts with 0x47)', () => {
  it('finds nothing wrong in whole packets, however the bytes are split into parts', () => {
    const bytes = packets(5);
    expect(findSyncError([bytes])).toBe(-1);
    expect(findSyncError([bytes.subarray(0, 100), bytes.subarray(100, 400), bytes.subarray(400)])).toBe(-1);
    expect(findSyncError([bytes.subarray(0, 188), bytes.subarray(188, 188), bytes.subarray(188)])).toBe(-1);
  });

  it('reports the offset of the first packet boundary without a sync byte, across parts', () => {
    const bytes = packets(5);
    bytes[3 * TS_PACKET_BYTES] = 0x00;
    expect(findSyncError([bytes])).toBe(564);
    expect(findSyncError([bytes.subarray(0, 500), bytes.subarray(500)])).toBe(564);
  });

  it('catches noise at once, as decrypting with a wrong key produces', () => {
    expect(findSyncError([Buffer.from([0x12, 0x34])])).toBe(0);
  });

  it('has nothing to check in an empty segment', () => {
    expect(findSyncError([])).toBe(-1);
  });
});

describe('expectsMpegTs', () => {
  it('expects MPEG-TS unless the segment has an init section or a name of another format', () => {
    expect(expectsMpegTs('https://cdn.test/a/seg-1.ts', false)).toBe(true);
    expect(expectsMpegTs('https://cdn.test/a/seg-1?token=x.mp4', false)).toBe(true);
    expect(expectsMpegTs('https://cdn.test/a/chunk.jpg', false)).toBe(true);
    expect(expectsMpegTs('https://cdn.test/a/seg-1.ts', true)).toBe(false);
    expect(expectsMpegTs('https://cdn.test/a/audio-1.aac', false)).toBe(false);
    expect(expectsMpegTs('https://cdn.test/a/sub-1.vtt', false)).toBe(false);
    expect(expectsMpegTs('https://cdn.test/a/part.m4s', false)).toBe(false);
  });
});
