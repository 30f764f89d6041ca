// The Segment Index box (ISO/IEC 14496-12 8.16.3) that a SegmentBase Representation points at
// with @indexRange (ISO/IEC 23009-1 5.3.9.2, 6.3.4.3): versions 0 and 1 (32- or 64-bit
// earliest_presentation_time and first_offset), each reference a subsegment's size and
// duration. Offsets count from the anchor: the first byte after the sidx box, plus
// first_offset. Pure.
import { BoxError, fullBoxHeader, readBoxes } from '../../media/mp4/boxes.js';

export interface SidxReference {
  /** 1: the reference is to another sidx (hierarchical index), 0: to media. */
  readonly referenceType: 0 | 1;
  readonly size: number;
  /** In `timescale` units. */
  readonly duration: number;
}

export interface Sidx {
  readonly version: number;
  readonly timescale: number;
  readonly earliestPresentationTime: number;
  readonly firstOffset: number;
  readonly references: readonly SidxReference[];
  /** Offset, within the bytes given, of the first byte after the sidx box. */
  readonly end: number;
}

/** Why index bytes could not be read as a sidx (the caller names the MPD element and the file). */
export class SidxError extends Error {}

/** The first sidx box among the boxes laid out in `bytes` (the bytes of @indexRange). */
export function parseSidx(bytes: Uint8Array): Sidx {
  let boxes;
  try {
    boxes = readBoxes(bytes);
  } catch (error) {
    if (error instanceof BoxError) throw new SidxError(`no sidx box at the index range: ${error.message} at byte ${error.offset} of the range`);
    throw error;
  }
  const box = boxes.find((candidate) => candidate.type === 'sidx');
  if (!box) {
    const found = boxes.map((candidate) => candidate.type).join(', ') || 'nothing';
    throw new SidxError(`the index range holds no sidx box (found ${found})`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { version } = fullBoxHeader(bytes, box);
  let at = box.body + 4 + 4; // version/flags, reference_ID
  const need = (bytesNeeded: number): void => {
    if (at + bytesNeeded > box.end) throw new SidxError(`the sidx box ends at byte ${box.end - box.start} of ${at + bytesNeeded - box.start} it needs`);
  };
  need(4);
  const timescale = view.getUint32(at);
  at += 4;
  if (timescale === 0) throw new SidxError('the sidx timescale is 0');
  let earliestPresentationTime: number;
  let firstOffset: number;
  if (version === 0) {
    need(8);
    earliestPresentationTime = view.getUint32(at);
    firstOffset = view.getUint32(at + 4);
    at += 8;
  } else {
    need(16);
    earliestPresentationTime = Number(view.getBigUint64(at));
    firstOffset = Number(view.getBigUint64(at + 8));
    at += 16;
  }
  need(4);
  const count = view.getUint16(at + 2);
  at += 4;
  need(count * 12);
  const references: SidxReference[] = [];
  for (let index = 0; index < count; index++) {
    const word = view.getUint32(at);
    references.push({ referenceType: (word >>> 31) as 0 | 1, size: word & 0x7fffffff, duration: view.getUint32(at + 4) });
    at += 12;
  }
  return { version, timescale, earliestPresentationTime, firstOffset, references, end: box.end };
}

export interface IndexedSegment {
  /** Byte offset in the file. */
  readonly offset: number;
  readonly length: number;
  /** Media time in the sidx timescale. */
  readonly time: number;
  readonly duration: number;
}

/**
 * The media segments a sidx read from the file at `rangeOffset` describes, with their byte
 * ranges in the file. Throws SidxError for a hierarchical index (references to further sidx
 * boxes), which trawl does not follow.
 */
export function indexedSegments(sidx: Sidx, rangeOffset: number): IndexedSegment[] {
  if (sidx.references.some((reference) => reference.referenceType === 1)) {
    throw new SidxError('the sidx refers to further sidx boxes (a hierarchical index), which trawl does not follow');
  }
  let offset = rangeOffset + sidx.end + sidx.firstOffset;
  let time = sidx.earliestPresentationTime;
  return sidx.references.map((reference) => {
    const segment = { offset, length: reference.size, time, duration: reference.duration };
    offset += reference.size;
    time += reference.duration;
    return segment;
  });
}
