// The DASH module's public surface. The MPD parser is pure (no I/O); the downloader fetches
// the MPD and the segment indexes and hands the tracks to the shared stream machinery.
export { parseMpd, type MpdParseOptions } from './parser/parse-mpd.js';
export { segmentsOf, segmentsFromIndex, expandTimeline, type DashSegment, type RepresentationSegments, type SegmentsOptions } from './parser/segments.js';
export { parseSidx, indexedSegments, type Sidx, type SidxReference } from './parser/sidx.js';
export { compileTemplate, fillTemplate, type CompiledTemplate, type TemplateValues } from './parser/template.js';
export { selectTracks, type SelectedTrack, type PeriodPick, type TrackSpecs } from './parser/select.js';
export { parseXsDuration } from './parser/context.js';
export type {
  Addressing,
  AdaptationSet,
  BaseAddressing,
  ContentType,
  ListAddressing,
  Mpd,
  MpdWarning,
  Period,
  Place,
  PresentationType,
  Protection,
  RangedUrl,
  Representation,
  SingleAddressing,
  TemplateAddressing,
  TimelineEntry,
} from './parser/types.js';
// The downloader: the MPD's tracks through the shared stream machinery.
export { downloadDash, type DashDownloadOptions } from './download/download.js';
