// Timestamps read from a finished track, in-process: where its media starts (the first PTS of
// an MPEG-TS file; the first fragment's decode time in a fragmented MP4), which subtitle cues
// are aligned to, and how long a fragmented MP4 lasts (first to last fragment, from the moof
// boxes; the box headers are read one by one, never the media data), which the duration check
// compares with the manifest's total without starting ffprobe.
import { open, type FileHandle } from 'node:fs/promises';
import { readBoxes, readMoof, trackTimescales, trexDurations, type Box } from '../media/mp4/boxes.js';
import { collectPts } from './ts-duration.js';

const HEAD_BYTES = 1024 * 1024;

/** Seconds of the first presentation timestamp of an MPEG-TS file, or undefined. */
export async function mpegTsStart(path: string): Promise<number | undefined> {
  const head = await readHead(path, HEAD_BYTES);
  let start = Number.POSITIVE_INFINITY;
  for (const times of collectPts(head).values()) start = Math.min(start, times.min);
  return Number.isFinite(start) ? start / 90_000 : undefined;
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(size, bytes));
    await fh.read(head, 0, head.length, 0);
    return head;
  } finally {
    await fh.close();
  }
}

interface TopBox {
  readonly type: string;
  readonly start: number;
  readonly size: number;
}

/** The top-level boxes of a file, from their headers alone. */
async function topLevelBoxes(fh: FileHandle, size: number): Promise<TopBox[]> {
  const out: TopBox[] = [];
  const header = Buffer.alloc(16);
  let at = 0;
  while (at + 8 <= size) {
    const { bytesRead } = await fh.read(header, 0, 16, at);
    if (bytesRead < 8) break;
    let boxSize = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (boxSize === 1 && bytesRead >= 16) boxSize = Number(header.readBigUInt64BE(8));
    else if (boxSize === 0) boxSize = size - at;
    if (boxSize < 8 || at + boxSize > size) break;
    out.push({ type, start: at, size: boxSize });
    at += boxSize;
  }
  return out;
}

async function readBox(fh: FileHandle, box: TopBox): Promise<{ bytes: Buffer; box: Box }> {
  const bytes = Buffer.alloc(box.size);
  await fh.read(bytes, 0, box.size, box.start);
  return { bytes, box: readBoxes(bytes)[0]! };
}

interface FragmentTimes {
  /** Seconds of the first sample's presentation time. */
  readonly start: number;
  /** Seconds one past the last sample of the last fragment. */
  readonly end: number;
}

/**
 * The presentation span of a fragmented MP4 (the first track of the init section): from the
 * first fragment's decode time to the end of the last fragment's last sample. Undefined when
 * the file is not a fragmented MP4 with an init section.
 */
export async function fragmentedMp4Times(path: string): Promise<FragmentTimes | undefined> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const boxes = await topLevelBoxes(fh, size);
    const moovBox = boxes.find((box) => box.type === 'moov');
    const moofs = boxes.filter((box) => box.type === 'moof');
    if (!moovBox || moofs.length === 0) return undefined;
    const moov = await readBox(fh, moovBox);
    const timescales = trackTimescales(moov.bytes);
    const trex = trexDurations(moov.bytes);
    const [trackId, timescale] = [...timescales.entries()][0] ?? [];
    if (trackId === undefined || !timescale) return undefined;
    const span = async (moofBox: TopBox): Promise<{ first: number; end: number } | undefined> => {
      const { bytes, box } = await readBox(fh, moofBox);
      const traf = readMoof(bytes, box).find((fragment) => fragment.trackId === trackId);
      if (!traf || traf.baseDecodeTime === undefined) return undefined;
      const base = Number(traf.baseDecodeTime);
      let total = 0;
      for (const sample of traf.samples) total += sample.duration ?? trex.get(trackId) ?? 0;
      return { first: base + (traf.samples[0]?.compositionOffset ?? 0), end: base + total };
    };
    const first = await span(moofs[0]!);
    const last = await span(moofs.at(-1)!);
    if (!first || !last) return undefined;
    return { start: first.first / timescale, end: last.end / timescale };
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}
