// Shared by the MPD parser tests: a base URL, MPD text builders, parse shortcuts and error capture.
import { expect } from 'vitest';
import { ManifestError } from '../../../src/errors/index.js';
import { parseMpd, segmentsOf, type Mpd, type MpdWarning } from '../../../src/dash/index.js';

export const MPD_URL = 'https://cdn.example.test/shows/talk/manifest.mpd';

/** A static MPD around `body` (the Periods), one element per line. */
export function staticMpd(body: string, attributes = 'mediaPresentationDuration="PT10S"'): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" ${attributes}>\n${body}\n</MPD>\n`;
}

/** One Period with one video AdaptationSet holding `inner` (Representations, segment information). */
export function videoSet(inner: string, setAttributes = ''): string {
  return `<Period id="p0">\n<AdaptationSet contentType="video" mimeType="video/mp4" ${setAttributes}>\n${inner}\n</AdaptationSet>\n</Period>`;
}

export function parse(text: string, url = MPD_URL): Mpd {
  return parseMpd(text, url);
}

/** The segments of the first Representation of the first AdaptationSet of Period `period`. */
export function firstSegments(mpd: Mpd, period = 0, now?: number) {
  const p = mpd.periods[period]!;
  return segmentsOf(mpd, p, p.adaptationSets[0]!.representations[0]!, now === undefined ? {} : { now });
}

export function urls(mpd: Mpd, period = 0): string[] {
  return firstSegments(mpd, period).segments.map((segment) => segment.uri.replace('https://cdn.example.test/shows/talk/', ''));
}

/** The ManifestError `run` throws; fails the test when it does not throw one. */
export function manifestError(run: () => unknown): ManifestError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError);
    return error as ManifestError;
  }
  throw new Error('expected a ManifestError, but nothing was thrown');
}

export function parseWithWarnings(text: string, strict = false): { mpd: Mpd; warnings: MpdWarning[] } {
  const warnings: MpdWarning[] = [];
  const mpd = parseMpd(text, MPD_URL, { strict, onWarning: (warning) => warnings.push(warning) });
  return { mpd, warnings };
}
