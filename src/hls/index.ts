// The HLS module's public surface. The playlist parser is pure (no I/O); the downloader that
// fetches, decrypts and joins segments builds on it.
export { parsePlaylist, parseMasterPlaylist, parseMediaPlaylist } from './parser/parse.js';
export type { PlaylistParseOptions, PlaylistWarning } from './parser/lines.js';
export { serializePlaylist } from './parser/serialize.js';
export { selectVariant, selectRendition, type VariantChoice, type RenditionChoice, type VariantSpec } from './parser/select.js';
export { reloadDelayMs, newSegments, type SegmentUpdate, type SequenceRange } from './parser/live.js';
export { sequenceIv } from './parser/keys.js';
export type {
  ByteRange,
  IFrameVariant,
  KeyInfo,
  KeyMethod,
  MapInfo,
  MasterPlaylist,
  MediaPlaylist,
  Playlist,
  PlaylistType,
  Rendition,
  RenditionType,
  Resolution,
  Segment,
  StartInfo,
  Variant,
} from './parser/types.js';
// The downloader: fetch, decrypt, join in order, resume.
export { downloadHls } from './download/download.js';
export type { HlsDownloadOptions } from './download/options.js';
export type { GapRecord, HlsEvent, HlsProgress, HlsResult, TrackKind, TrackResult } from './download/types.js';
export { SegmentError } from '../stream/segment-error.js';
export { readKeyOption } from '../stream/keys.js';
export { defaultOutputName } from './download/naming.js';
export { statePathFor } from '../stream/state-file.js';
