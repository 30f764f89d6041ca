// Media playlists (RFC 8216 4.3.2 segment tags, 4.3.3 media playlist tags). Segment tags
// gather in `pending` until the URI line that closes the segment; keys, the map and the
// discontinuity count carry over from segment to segment, and are resolved into each segment
// so that it stands alone.
import { AttributeList, parseByteRangeSpec, parseDecimalInteger } from './attributes.js';
import { CommonTags } from './common-tags.js';
import { IDENTITY, keyFor, parseKeyTag, preferredKey, type KeyDeclaration } from './keys.js';
import type { Line, ParseContext } from './lines.js';
import type { ByteRange, MapInfo, MediaPlaylist, PlaylistType, Segment } from './types.js';

type TagLine = Extract<Line, { kind: 'tag' }>;

interface Pending {
  extinf?: { duration: number; title: string | undefined; line: number };
  byteRange?: { length: number; offset?: number; line: number };
  discontinuity: boolean;
  programDateTime?: Date;
}

const DURATION = /^\d+(?:\.\d*)?$/;

export function readMediaPlaylist(lines: readonly Line[], context: ParseContext): MediaPlaylist {
  const common = new CommonTags(context);
  const segments: Segment[] = [];
  const keys = new Map<string, KeyDeclaration>();
  let targetDuration: number | undefined;
  let mediaSequence = 0;
  let discontinuitySequence = 0;
  let discontinuities = 0;
  let endList = false;
  let playlistType: PlaylistType | undefined;
  let iFramesOnly = false;
  let map: MapInfo | undefined;
  let pending: Pending = { discontinuity: false };

  const integer = (tag: TagLine): number =>
    parseDecimalInteger(tag.value.trim(), () =>
      context.fail(tag.line, `${tag.name} must be a decimal-integer, found ${JSON.stringify(tag.value)}`),
    );
  /** A decimal-integer, or undefined (with a warning; refused under strict) when it is not one. */
  const tolerantInteger = (tag: TagLine, code: string, instead: string): number | undefined => {
    const text = tag.value.trim();
    if (/^\d{1,15}$/.test(text)) return Number(text);
    const refusal = `${tag.name} must be a decimal-integer, found ${JSON.stringify(tag.value)}`;
    context.tolerate(code, tag.line, `${tag.name} is not a decimal-integer (${JSON.stringify(tag.value)}); ${instead}`, refusal);
    return undefined;
  };
  /** A tag that may appear once: a repeat is reported (refused under strict) and the last one counts. */
  const seen = new Map<string, number>();
  const once = (tag: TagLine): void => {
    const first = seen.get(tag.name);
    if (first !== undefined) {
      context.tolerate(`${tag.name.toLowerCase().replace(/^ext-x-/, '')}-repeated`, tag.line, `${tag.name} appears again (first on line ${first}); the last one counts`, `${tag.name} appears more than once (first on line ${first})`);
    } else {
      seen.set(tag.name, tag.line);
    }
  };
  // Segments whose EXTINF is missing or unreadable: they get the target duration once it is known.
  const untimed = new Set<number>();
  const mustPrecedeSegments = (tag: TagLine): void => {
    if (segments.length > 0 || pending.extinf) {
      context.fail(tag.line, `${tag.name} must appear before the first media segment`);
    }
  };

  for (const entry of lines) {
    if (entry.kind === 'uri') {
      const segment = closeSegment(entry.text, entry.line);
      segments.push(segment);
      pending = { discontinuity: false };
      continue;
    }
    if (common.take(entry)) continue;
    switch (entry.name) {
      case 'EXTINF':
        if (pending.extinf) {
          const refusal = `a second EXTINF for one segment (the first is on line ${pending.extinf.line})`;
          context.tolerate('extinf-twice', entry.line, `${refusal}; the later one counts`, refusal);
        }
        pending.extinf = parseExtinf(entry, context);
        break;
      case 'EXT-X-BYTERANGE': {
        let text = entry.value;
        if (/^\s*\d+@\s*$/.test(text)) {
          context.tolerate('byterange-empty-offset', entry.line, `EXT-X-BYTERANGE ${JSON.stringify(text)} has an @ and no offset; read as having no offset`, `EXT-X-BYTERANGE: expected <length>[@<offset>], found ${JSON.stringify(text)}`);
          text = text.replace('@', '');
        }
        pending.byteRange = {
          ...parseByteRangeSpec(text, (reason) => context.fail(entry.line, `EXT-X-BYTERANGE: ${reason}`)),
          line: entry.line,
        };
        break;
      }
      case 'EXT-X-DISCONTINUITY':
        if (!pending.discontinuity) discontinuities++;
        pending.discontinuity = true;
        break;
      case 'EXT-X-KEY': {
        const attributes = new AttributeList(context, entry.name, entry.line, entry.value);
        const declaration = parseKeyTag(attributes, (uri) => context.resolve(uri, entry.line));
        if (declaration === undefined) keys.clear();
        else keys.set(declaration.keyFormat, declaration);
        break;
      }
      case 'EXT-X-MAP':
        map = parseMap(entry, segments.length);
        break;
      case 'EXT-X-PROGRAM-DATE-TIME':
        pending.programDateTime = parseDateTime(entry, context);
        break;
      case 'EXT-X-TARGETDURATION': {
        once(entry);
        const value = tolerantInteger(entry, 'targetduration-invalid', 'it is ignored');
        if (value !== undefined) targetDuration = value;
        break;
      }
      case 'EXT-X-MEDIA-SEQUENCE':
        mustPrecedeSegments(entry);
        once(entry);
        mediaSequence = tolerantInteger(entry, 'media-sequence-invalid', 'the first segment is numbered 0') ?? 0;
        break;
      case 'EXT-X-DISCONTINUITY-SEQUENCE':
        mustPrecedeSegments(entry);
        if (discontinuities > 0) context.fail(entry.line, 'EXT-X-DISCONTINUITY-SEQUENCE must appear before any EXT-X-DISCONTINUITY');
        discontinuitySequence = integer(entry);
        break;
      case 'EXT-X-ENDLIST':
        endList = true;
        break;
      case 'EXT-X-PLAYLIST-TYPE': {
        once(entry);
        const value = entry.value.trim();
        // An unknown enumerated value makes the whole tag unknown, so it is ignored (6.3.1).
        if (value === 'VOD' || value === 'EVENT') playlistType = value;
        break;
      }
      case 'EXT-X-I-FRAMES-ONLY':
        iFramesOnly = true;
        break;
      default:
        // Unrecognised tags are ignored (RFC 8216 6.3.1).
        break;
    }
  }

  if (pending.extinf) context.fail(pending.extinf.line, 'EXTINF has no URI line after it');
  if (targetDuration === undefined) {
    const refusal = 'a media playlist needs EXT-X-TARGETDURATION (the tag is REQUIRED)';
    if (segments.length === 0) context.fail(1, refusal);
    targetDuration = Math.ceil(Math.max(...segments.map((segment, index) => (untimed.has(index) ? 0 : segment.duration)), 1));
    context.tolerate('targetduration-missing', 1, `the playlist has no EXT-X-TARGETDURATION; the longest segment (${targetDuration} s) stands in for it`, refusal);
  }
  for (const index of untimed) segments[index] = { ...segments[index]!, duration: targetDuration };
  return {
    kind: 'media',
    url: context.url,
    version: common.version,
    targetDuration,
    mediaSequence,
    discontinuitySequence,
    endList,
    playlistType,
    iFramesOnly,
    independentSegments: common.independentSegments,
    start: common.start,
    segments,
  };

  function closeSegment(reference: string, line: number): Segment {
    let { extinf } = pending;
    if (!extinf) {
      const refusal = `segment URI ${JSON.stringify(reference)} has no EXTINF before it (EXTINF is REQUIRED for each media segment)`;
      context.tolerate('uri-without-extinf', line, `a segment URI has no EXTINF before it; its duration is taken as the target duration`, refusal);
      extinf = { duration: Number.NaN, title: undefined, line };
    }
    if (Number.isNaN(extinf.duration)) untimed.add(segments.length);
    const uri = context.resolve(reference, line);
    const sequence = mediaSequence + segments.length;
    const segmentKeys = [...keys.values()].map((declaration) => keyFor(declaration, sequence));
    return {
      uri,
      duration: Number.isNaN(extinf.duration) ? 0 : extinf.duration,
      title: extinf.title,
      byteRange: pending.byteRange ? resolveByteRange(pending.byteRange, uri) : undefined,
      discontinuity: pending.discontinuity,
      discontinuitySequence: discontinuitySequence + discontinuities,
      mediaSequence: sequence,
      key: preferredKey(segmentKeys),
      keys: segmentKeys,
      map,
      programDateTime: pending.programDateTime,
    };
  }

  // RFC 8216 4.3.2.2: without an offset the sub-range starts right after the previous
  // segment's, which MUST exist and be a sub-range of the same resource.
  function resolveByteRange(range: { length: number; offset?: number; line: number }, uri: string): ByteRange {
    if (range.offset !== undefined) return { length: range.length, offset: range.offset };
    const previous = segments.at(-1);
    if (!previous || !previous.byteRange || previous.uri !== uri) {
      const refusal = previous
        ? `EXT-X-BYTERANGE has no offset and the previous segment is not a sub-range of ${uri}`
        : 'EXT-X-BYTERANGE has no offset and there is no previous segment to continue from';
      context.tolerate('byterange-no-previous', range.line, `${refusal}; the range is taken from the start of the resource`, refusal);
      return { length: range.length, offset: 0 };
    }
    return { length: range.length, offset: previous.byteRange.offset + previous.byteRange.length };
  }

  function parseMap(tag: TagLine, segmentsSoFar: number): MapInfo {
    const attributes = new AttributeList(context, tag.name, tag.line, tag.value);
    const uri = context.resolve(attributes.requiredString('URI'), tag.line);
    const range = attributes.byteRange('BYTERANGE');
    // There is no earlier sub-range for an init section to continue from: a missing offset
    // can only mean the start of the resource.
    const byteRange = range ? { length: range.length, offset: range.offset ?? 0 } : undefined;
    const mapKeys = [...keys.values()];
    const declaration = mapKeys.find((key) => key.keyFormat === IDENTITY) ?? mapKeys[0];
    if (declaration?.method === 'AES-128' && declaration.iv === undefined) {
      // 4.3.2.5: an init section has no media sequence number to derive an IV from; players
      // take the one of the segment after it.
      const refusal = `${tag.name}: the EXT-X-KEY that applies to this map uses AES-128 without an IV attribute, which is REQUIRED for an encrypted EXT-X-MAP`;
      context.tolerate('map-key-without-iv', tag.line, `${refusal}; the IV is derived from the next segment's media sequence number, as players do`, refusal);
    }
    // For methods whose IV may be implicit, the map borrows the number of the segment after it.
    const key = declaration ? keyFor(declaration, mediaSequence + segmentsSoFar) : undefined;
    return { uri, byteRange, key };
  }
}

/** EXTINF's duration (NaN when it is not a number and the deviation is tolerated) and title. */
function parseExtinf(tag: TagLine, context: ParseContext): { duration: number; title: string | undefined; line: number } {
  const comma = tag.value.indexOf(',');
  const durationText = (comma === -1 ? tag.value : tag.value.slice(0, comma)).trim();
  const title = comma === -1 ? '' : tag.value.slice(comma + 1).trim();
  if (!DURATION.test(durationText)) {
    const refusal = `EXTINF duration must be a decimal number of seconds, found ${JSON.stringify(durationText)}`;
    context.tolerate('extinf-duration', tag.line, `${refusal}; the segment's duration is taken as the target duration`, refusal);
    return { duration: Number.NaN, title: title === '' ? undefined : title, line: tag.line };
  }
  return { duration: Number(durationText), title: title === '' ? undefined : title, line: tag.line };
}

function parseDateTime(tag: TagLine, context: ParseContext): Date {
  const text = tag.value.trim();
  // Without a zone designator JavaScript would read local time, which differs per machine;
  // the spec asks for a zone, so its absence is taken as UTC.
  const zoned = /T[^Z+-]*(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(text) ? text : `${text}Z`;
  const date = new Date(zoned);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text) || Number.isNaN(date.getTime())) {
    context.fail(tag.line, `EXT-X-PROGRAM-DATE-TIME must be an ISO 8601 date-time, found ${JSON.stringify(tag.value)}`);
  }
  return date;
}
