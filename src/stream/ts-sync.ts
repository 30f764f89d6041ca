// The MPEG-TS sanity check on decrypted segments: every 188-byte packet starts with the sync
// byte 0x47 (ISO/IEC 13818-1 2.4.3.2). Decrypting with the wrong key yields noise that fails
// this at once, so it turns a silent garbage download into an error naming the segment.

export const TS_PACKET_BYTES = 188;
export const TS_SYNC_BYTE = 0x47;

/**
 * The offset of the first packet boundary without a sync byte in the concatenation of
 * `parts`, or -1 when every boundary has one (an empty input has none to check).
 */
export function findSyncError(parts: readonly Uint8Array[]): number {
  let base = 0;
  let nextBoundary = 0;
  for (const part of parts) {
    let offset = nextBoundary - base;
    for (; offset < part.length; offset += TS_PACKET_BYTES) {
      if (part[offset] !== TS_SYNC_BYTE) return base + offset;
    }
    base += part.length;
    nextBoundary = base + offset - part.length;
  }
  return -1;
}

// Media that is not MPEG-TS: packed audio (RFC 8216 3.4), fMP4/CMAF (3.3), WebVTT (3.5).
const NOT_TS = /\.(aac|ac3|ec3|eac3|mp3|m4a|m4s|m4v|mp4|cmfv|cmfa|cmft|fmp4|vtt|webvtt)$/i;

/**
 * Whether a segment is expected to be MPEG-TS: no EXT-X-MAP (fMP4 needs one) and a name
 * that does not say otherwise. Judged from the playlist, never from the bytes: noise from a
 * wrong key must not pass for "some other format".
 */
export function expectsMpegTs(uri: string, hasMap: boolean): boolean {
  if (hasMap) return false;
  let path = uri;
  try {
    path = new URL(uri).pathname;
  } catch {
    // Not absolute: judge the text as given.
  }
  return !NOT_TS.test(path);
}
