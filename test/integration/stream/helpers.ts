// Shared by the `trawl stream` tests: the small fMP4 fixtures (test/fixtures/dash/media, made by
// its make.sh), MPD text builders, and a fixture server that serves them with byte ranges.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fixtureServer, type FixtureFile } from '../hls/helpers.js';

export { fixtureServer, m3u8, sha256, sha256File, tempDir, tsBytes } from '../hls/helpers.js';

const MEDIA = new URL('../../fixtures/dash/media/', import.meta.url);

export function media(name: string): Buffer {
  return readFileSync(new URL(name, MEDIA));
}

export const video = {
  init: media('init-0.m4s'),
  segments: [1, 2, 3, 4].map((n) => media(`seg-0-00${n}.m4s`)),
};
export const audio = {
  init: media('init-1.m4s'),
  segments: [1, 2, 3, 4].map((n) => media(`seg-1-00${n}.m4s`)),
};
/** One fragmented file with a global sidx (version 1) at bytes 801-888; media from 889 to 27892. */
export const base = { file: media('base.mp4'), initRange: '0-800', indexRange: '801-888', mediaStart: 889, mediaEnd: 27893 };

export const VIDEO_SET =
  '<AdaptationSet id="0" contentType="video" mimeType="video/mp4">\n' +
  '<SegmentTemplate timescale="1000000" duration="1000000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%03d$.m4s" startNumber="1" />\n' +
  '<Representation id="0" codecs="avc1.f4000a" bandwidth="40000" width="160" height="90" />\n</AdaptationSet>';

export const AUDIO_SET =
  '<AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" lang="en">\n' +
  '<SegmentTemplate timescale="1000000" duration="1000000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%03d$.m4s" startNumber="1" />\n' +
  '<Representation id="1" codecs="mp4a.40.2" bandwidth="24000" />\n</AdaptationSet>';

/** A static MPD of one 4 s Period holding `sets`. */
export function mpd(sets: string, attributes = 'mediaPresentationDuration="PT4S"'): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" ${attributes}>\n<Period id="0">\n${sets}\n</Period>\n</MPD>\n`;
}

type Entry = FixtureFile | ((hit: number, req: IncomingMessage, res: ServerResponse) => FixtureFile | undefined | null);

/** The media fixtures under `/d/`, plus `extra` (the MPDs, overrides). */
export function dashServer(extra: Record<string, Entry>) {
  const files: Record<string, Entry> = {};
  files['/d/init-0.m4s'] = { body: video.init };
  files['/d/init-1.m4s'] = { body: audio.init };
  video.segments.forEach((body, index) => (files[`/d/seg-0-00${index + 1}.m4s`] = { body }));
  audio.segments.forEach((body, index) => (files[`/d/seg-1-00${index + 1}.m4s`] = { body }));
  files['/d/base.mp4'] = { body: base.file };
  for (const [path, entry] of Object.entries(extra)) files[path] = typeof entry === 'function' || path.endsWith('.mpd') === false ? entry : { type: 'application/dash+xml', ...entry };
  return fixtureServer(files);
}

export const MPD_TYPE = 'application/dash+xml';
