import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hlsStream, hlsVariantPlain } from '../../../src/demo/index.js';
import { durationFromWindows, mpegTsDuration } from '../../../src/stream/ts-duration.js';

const dir = mkdtempSync(join(tmpdir(), 'trawl-hls-dur-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One TS packet starting a PES on `pid` with `pts` (90 kHz). */
function pesPacket(pid: number, pts: number): Buffer {
  const packet = Buffer.alloc(188, 0xff);
  packet[0] = 0x47;
  packet[1] = 0x40 | ((pid >> 8) & 0x1f);
  packet[2] = pid & 0xff;
  packet[3] = 0x10; // payload only
  packet.set([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5], 4);
  const high = Math.floor(pts / 2 ** 30) & 0x7;
  packet[13] = 0x21 | (high << 1);
  packet[14] = (pts >> 22) & 0xff;
  packet[15] = (((pts >> 15) & 0x7f) << 1) | 1;
  packet[16] = (pts >> 7) & 0xff;
  packet[17] = ((pts & 0x7f) << 1) | 1;
  return packet;
}

describe('MPEG-TS duration from timestamps', () => {
  it('is the span from the first PTS to the end of the last frame, the longest stream winning', () => {
    const frames = Array.from({ length: 50 }, (_, i) => pesPacket(0x100, 900_000 + i * 3600)); // 25 fps video
    const audio = Array.from({ length: 40 }, (_, i) => pesPacket(0x101, 900_000 + i * 1920));
    const bytes = Buffer.concat([...frames, ...audio]);
    expect(durationFromWindows(bytes, new Uint8Array())).toBeCloseTo(2, 6);
  });

  it('reads PTS values beyond 2^32 (33-bit timestamps)', () => {
    const start = 2 ** 32 + 12_345;
    const bytes = Buffer.concat([pesPacket(0x100, start), pesPacket(0x100, start + 3600), pesPacket(0x100, start + 7200)]);
    expect(durationFromWindows(bytes, new Uint8Array())).toBeCloseTo(0.12, 6);
  });

  it('gives no duration for bytes without timestamps', () => {
    expect(durationFromWindows(Buffer.alloc(188 * 4, 0x47), new Uint8Array())).toBeUndefined();
  });

  it('agrees with the demo lesson stream: 8 segments of 2 s', async () => {
    const variant = hlsStream('lesson').variants[0]!;
    const path = join(dir, 'lesson.ts');
    writeFileSync(path, hlsVariantPlain(variant));
    const listed = variant.segments.reduce((sum, segment) => sum + segment.duration, 0);
    expect(await mpegTsDuration(path)).toBeCloseTo(listed, 1);
  });
});
