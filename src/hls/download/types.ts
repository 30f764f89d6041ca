// The HLS downloader's event and result types: the shared stream types (src/stream/types.ts)
// under the names the HLS API has always used.
export type {
  GapRecord,
  StreamEvent as HlsEvent,
  StreamProgress as HlsProgress,
  StreamResult as HlsResult,
  TrackKind,
  TrackResult,
} from '../../stream/types.js';
