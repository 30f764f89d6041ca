// The duration of an MPEG-TS file from its timestamps, read in-process: the earliest PTS near
// the start, the latest PTS near the end (plus one frame), per elementary stream, the longest
// stream winning, as ffprobe estimates a transport stream's duration. Only the first and last
// few megabytes are read. Used to check a .ts output against the playlist's EXTINF total
// without starting ffprobe (a second process of ~60 MB beside the downloader).
import { open } from 'node:fs/promises';
import { TS_PACKET_BYTES, TS_SYNC_BYTE } from './ts-sync.js';

const PTS_HZ = 90_000;
const WINDOW_BYTES = 1024 * 1024;

interface StreamTimes {
  min: number;
  max: number;
  /** Every PTS seen, to find the frame duration at the end. */
  readonly seen: number[];
}

/** Seconds from the first to the end of the last frame, or undefined when no PTS is found. */
export async function mpegTsDuration(path: string): Promise<number | undefined> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const headBytes = Math.min(size, WINDOW_BYTES);
    const head = Buffer.alloc(headBytes);
    await fh.read(head, 0, headBytes, 0);
    const tailStart = Math.max(headBytes, size - WINDOW_BYTES);
    const tail = Buffer.alloc(size - tailStart);
    if (tail.length > 0) await fh.read(tail, 0, tail.length, tailStart);
    return durationFromWindows(head, tail);
  } finally {
    await fh.close();
  }
}

/** The duration from the file's first bytes and (when the file is longer) its last bytes. */
export function durationFromWindows(head: Uint8Array, tail: Uint8Array): number | undefined {
  const first = collectPts(head);
  const last = tail.length > 0 ? collectPts(tail) : first;
  let start = Number.POSITIVE_INFINITY;
  for (const times of first.values()) start = Math.min(start, times.min);
  if (!Number.isFinite(start)) return undefined;
  let end = Number.NEGATIVE_INFINITY;
  for (const times of last.values()) end = Math.max(end, times.max + frameDuration(times.seen));
  if (!Number.isFinite(end) || end < start) return undefined;
  return (end - start) / PTS_HZ;
}

/** The smallest step between distinct PTS values: the frame (or audio frame) duration. */
function frameDuration(seen: readonly number[]): number {
  const sorted = [...new Set(seen)].sort((a, b) => a - b);
  let step = Number.POSITIVE_INFINITY;
  for (let index = 1; index < sorted.length; index++) step = Math.min(step, sorted[index]! - sorted[index - 1]!);
  return Number.isFinite(step) ? step : 0;
}

/** PTS values of PES packets starting in `bytes`, by PID. */
export function collectPts(bytes: Uint8Array): Map<number, StreamTimes> {
  const streams = new Map<number, StreamTimes>();
  let offset = findSync(bytes, 0);
  while (offset >= 0 && offset + TS_PACKET_BYTES <= bytes.length) {
    if (bytes[offset] !== TS_SYNC_BYTE) {
      offset = findSync(bytes, offset + 1);
      continue;
    }
    const pts = packetPts(bytes, offset);
    if (pts) {
      const times = streams.get(pts.pid);
      if (times) {
        times.min = Math.min(times.min, pts.pts);
        times.max = Math.max(times.max, pts.pts);
        times.seen.push(pts.pts);
      } else {
        streams.set(pts.pid, { min: pts.pts, max: pts.pts, seen: [pts.pts] });
      }
    }
    offset += TS_PACKET_BYTES;
  }
  return streams;
}

/** The next offset from `from` where three packets in a row start with the sync byte. */
function findSync(bytes: Uint8Array, from: number): number {
  for (let offset = from; offset + 2 * TS_PACKET_BYTES < bytes.length; offset++) {
    if (bytes[offset] === TS_SYNC_BYTE && bytes[offset + TS_PACKET_BYTES] === TS_SYNC_BYTE && bytes[offset + 2 * TS_PACKET_BYTES] === TS_SYNC_BYTE) {
      return offset;
    }
  }
  return -1;
}

function packetPts(bytes: Uint8Array, offset: number): { pid: number; pts: number } | undefined {
  const b1 = bytes[offset + 1]!;
  if ((b1 & 0x40) === 0) return undefined; // no PES starts in this packet
  const pid = ((b1 & 0x1f) << 8) | bytes[offset + 2]!;
  const control = (bytes[offset + 3]! >> 4) & 0x3;
  if ((control & 0x1) === 0) return undefined; // no payload
  let payload = offset + 4;
  if (control & 0x2) payload += 1 + bytes[offset + 4]!;
  const end = offset + TS_PACKET_BYTES;
  if (payload + 14 > end) return undefined;
  if (bytes[payload] !== 0 || bytes[payload + 1] !== 0 || bytes[payload + 2] !== 1) return undefined;
  const streamId = bytes[payload + 3]!;
  // Audio, video and private stream 1 carry the optional PES header with PTS.
  if (!((streamId >= 0xc0 && streamId <= 0xef) || streamId === 0xbd)) return undefined;
  if ((bytes[payload + 7]! & 0x80) === 0) return undefined;
  const p = payload + 9;
  const pts =
    ((bytes[p]! >> 1) & 0x07) * 2 ** 30 + (bytes[p + 1]! << 22) + ((bytes[p + 2]! >> 1) << 15) + (bytes[p + 3]! << 7) + (bytes[p + 4]! >> 1);
  return { pid, pts };
}
