// Reading ISO base media file format boxes (ISO/IEC 14496-12 4.2) from bytes in memory: the
// header (32-bit size, or 64-bit `largesize` when size is 1, or "to the end" when size is 0)
// and the few full boxes trawl needs (mdhd, tfhd, tfdt, trun, trex). Pure; hand-written
// because the boxes needed are few and small, and the npm parsers either pull in a whole
// demuxer or do not report where a malformed box is.

export interface Box {
  /** Four-character code, e.g. `moof`. */
  readonly type: string;
  /** Offset of the box's first byte in the buffer. */
  readonly start: number;
  /** Offset of the first byte after the header (and after version/flags for none: the caller knows which boxes are full). */
  readonly body: number;
  /** Offset one past the box's last byte. */
  readonly end: number;
}

/** Why bytes could not be read as boxes; `offset` is where in the buffer. */
export class BoxError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

/** The boxes laid end to end in `bytes[from, to)`. Throws BoxError for a header that does not fit. */
export function readBoxes(bytes: Uint8Array, from = 0, to = bytes.length): Box[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Box[] = [];
  let at = from;
  while (at < to) {
    if (to - at < 8) throw new BoxError(at, `${to - at} stray bytes where a box header (8 bytes) should be`);
    let size = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    let body = at + 8;
    if (size === 1) {
      if (to - at < 16) throw new BoxError(at, `box ${type} has a 64-bit size that does not fit`);
      size = Number(view.getBigUint64(at + 8));
      body = at + 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < body - at || at + size > to) throw new BoxError(at, `box ${JSON.stringify(type)} claims ${size} bytes, ${to - at} are there`);
    out.push({ type, start: at, body, end: at + size });
    at += size;
  }
  return out;
}

/** The first child box of `type` inside `parent` (a container box), or undefined. */
export function child(bytes: Uint8Array, parent: Box, type: string): Box | undefined {
  return readBoxes(bytes, parent.body, parent.end).find((box) => box.type === type);
}

/** Follows `path` (e.g. ['moov', 'trak', 'mdia', 'mdhd']) from the top level of `bytes`. */
export function findPath(bytes: Uint8Array, path: readonly string[], from = 0, to = bytes.length): Box | undefined {
  let candidates = readBoxes(bytes, from, to);
  let found: Box | undefined;
  for (const type of path) {
    found = candidates.find((box) => box.type === type);
    if (!found) return undefined;
    candidates = readBoxes(bytes, found.body, found.end);
  }
  return found;
}

/** Every child of `parent` of `type`. */
export function children(bytes: Uint8Array, parent: Box, type: string): Box[] {
  return readBoxes(bytes, parent.body, parent.end).filter((box) => box.type === type);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A full box's version and flags (the 4 bytes after its header). */
export function fullBoxHeader(bytes: Uint8Array, box: Box): { version: number; flags: number } {
  if (box.end - box.body < 4) throw new BoxError(box.start, `box ${box.type} is too short for its version and flags`);
  const word = view(bytes).getUint32(box.body);
  return { version: word >>> 24, flags: word & 0xffffff };
}

/** mdhd (14496-12 8.4.2): the track's timescale. */
export function mdhdTimescale(bytes: Uint8Array, box: Box): number {
  const { version } = fullBoxHeader(bytes, box);
  const at = box.body + 4 + (version === 1 ? 16 : 8);
  if (at + 4 > box.end) throw new BoxError(box.start, 'mdhd is too short');
  return view(bytes).getUint32(at);
}

/** tkhd (8.3.2): the track ID. */
export function tkhdTrackId(bytes: Uint8Array, box: Box): number {
  const { version } = fullBoxHeader(bytes, box);
  const at = box.body + 4 + (version === 1 ? 16 : 8);
  if (at + 4 > box.end) throw new BoxError(box.start, 'tkhd is too short');
  return view(bytes).getUint32(at);
}

/** Track ID → timescale, from an init section's moov. */
export function trackTimescales(init: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  const moov = readBoxes(init).find((box) => box.type === 'moov');
  if (!moov) return out;
  for (const trak of children(init, moov, 'trak')) {
    const tkhd = child(init, trak, 'tkhd');
    const mdia = child(init, trak, 'mdia');
    const mdhd = mdia ? child(init, mdia, 'mdhd') : undefined;
    if (tkhd && mdhd) out.set(tkhdTrackId(init, tkhd), mdhdTimescale(init, mdhd));
  }
  return out;
}

export interface TrackFragment {
  readonly trackId: number;
  /** tfdt baseMediaDecodeTime, in the track's timescale (undefined when there is no tfdt). */
  readonly baseDecodeTime: bigint | undefined;
  readonly defaultDuration: number | undefined;
  readonly defaultSize: number | undefined;
  /** Offset (in the buffer) the data offsets count from: tfhd base-data-offset or the moof. */
  readonly dataBase: number;
  readonly samples: readonly { readonly duration: number | undefined; readonly size: number | undefined; readonly compositionOffset: number; readonly offset: number }[];
}

/** The track fragments of one moof (14496-12 8.8.4-8.8.12), with each sample's place in the buffer. */
export function readMoof(bytes: Uint8Array, moof: Box): TrackFragment[] {
  const v = view(bytes);
  const out: TrackFragment[] = [];
  for (const traf of children(bytes, moof, 'traf')) {
    const tfhd = child(bytes, traf, 'tfhd');
    if (!tfhd) throw new BoxError(traf.start, 'traf without tfhd');
    const { flags } = fullBoxHeader(bytes, tfhd);
    let at = tfhd.body + 4;
    const trackId = v.getUint32(at);
    at += 4;
    let dataBase = moof.start;
    if (flags & 0x1) {
      dataBase = Number(v.getBigUint64(at));
      at += 8;
    }
    if (flags & 0x2) at += 4;
    let defaultDuration: number | undefined;
    let defaultSize: number | undefined;
    if (flags & 0x8) {
      defaultDuration = v.getUint32(at);
      at += 4;
    }
    if (flags & 0x10) {
      defaultSize = v.getUint32(at);
      at += 4;
    }
    const tfdt = child(bytes, traf, 'tfdt');
    let baseDecodeTime: bigint | undefined;
    if (tfdt) {
      const { version } = fullBoxHeader(bytes, tfdt);
      baseDecodeTime = version === 1 ? v.getBigUint64(tfdt.body + 4) : BigInt(v.getUint32(tfdt.body + 4));
    }
    const samples: TrackFragment['samples'][number][] = [];
    let dataAt = dataBase;
    for (const trun of children(bytes, traf, 'trun')) {
      const header = fullBoxHeader(bytes, trun);
      let p = trun.body + 4;
      const count = v.getUint32(p);
      p += 4;
      if (header.flags & 0x1) {
        dataAt = dataBase + v.getInt32(p);
        p += 4;
      }
      if (header.flags & 0x4) p += 4;
      for (let index = 0; index < count; index++) {
        if (p > trun.end) throw new BoxError(trun.start, 'trun lists more samples than it holds');
        let duration = defaultDuration;
        let size = defaultSize;
        let compositionOffset = 0;
        if (header.flags & 0x100) {
          duration = v.getUint32(p);
          p += 4;
        }
        if (header.flags & 0x200) {
          size = v.getUint32(p);
          p += 4;
        }
        if (header.flags & 0x400) p += 4;
        if (header.flags & 0x800) {
          compositionOffset = header.version === 0 ? v.getUint32(p) : v.getInt32(p);
          p += 4;
        }
        samples.push({ duration, size, compositionOffset, offset: dataAt });
        dataAt += size ?? 0;
      }
    }
    out.push({ trackId, baseDecodeTime, defaultDuration, defaultSize, dataBase, samples });
  }
  return out;
}

/** mvex/trex (8.8.3): default sample duration per track ID, from an init section. */
export function trexDurations(init: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  const mvex = findPath(init, ['moov', 'mvex']);
  if (!mvex) return out;
  const v = view(init);
  for (const trex of children(init, mvex, 'trex')) out.set(v.getUint32(trex.body + 4), v.getUint32(trex.body + 12));
  return out;
}
