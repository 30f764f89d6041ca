// The MPD parser (ISO/IEC 23009-1), pure: XML text and the URL it came from in, a resolved
// model out (types.ts). Period timing (5.3.2.1), BaseURL chains (5.6), content types, roles and
// ContentProtection of AdaptationSets (5.3.3, 5.8.4.1), and each Representation's segment
// information merged from the Period, AdaptationSet and Representation levels (5.3.9.1).
// Hand-written on saxes: the npm MPD parsers (mpd-parser, dashjs's) leave out SegmentBase index
// handling or inheritance, and none report the line of a bad element.
import { MpdContext, describeElement, type MpdParseOptions } from './context.js';
import { parseSegmentInfo, type Levels } from './segment-info.js';
import type { AdaptationSet, ContentType, Mpd, Period, Protection, Representation } from './types.js';
import { childNamed, childrenNamed, parseXml, type XmlElement } from './xml.js';

export type { MpdParseOptions } from './context.js';

/**
 * Parses an MPD. `url` is its final URL (after redirects): BaseURLs and segment URLs resolve
 * against it. Throws ManifestError (line, column, element) for an MPD that cannot be used.
 */
export function parseMpd(text: string, url: string, options: MpdParseOptions = {}): Mpd {
  const context = new MpdContext(url, options);
  const root = parseXml(text, url);
  if (root.name !== 'MPD') context.fail(context.place(root), `the root element is <${root.name}>, not <MPD>`);
  const typeText = root.attributes.type ?? 'static';
  if (typeText !== 'static' && typeText !== 'dynamic') context.fail(context.place(root), `@type must be static or dynamic, found ${JSON.stringify(typeText)}`);
  const type: 'static' | 'dynamic' = typeText === 'dynamic' ? 'dynamic' : 'static';
  const mediaPresentationDuration = context.duration(root, 'mediaPresentationDuration');
  const base = baseUrlOf(context, root, url);
  const periodElements = childrenNamed(root, 'Period');
  if (periodElements.length === 0) context.fail(context.place(root), 'the MPD has no Period');
  const periods = readPeriods(context, periodElements, type, mediaPresentationDuration, base);
  return {
    url,
    type,
    mediaPresentationDuration,
    availabilityStartTime: context.dateTime(root, 'availabilityStartTime'),
    publishTime: context.dateTime(root, 'publishTime'),
    minimumUpdatePeriod: context.duration(root, 'minimumUpdatePeriod'),
    timeShiftBufferDepth: context.duration(root, 'timeShiftBufferDepth'),
    suggestedPresentationDelay: context.duration(root, 'suggestedPresentationDelay'),
    maxSegmentDuration: context.duration(root, 'maxSegmentDuration'),
    locations: childrenNamed(root, 'Location')
      .filter((location) => location.text !== '')
      .map((location) => context.resolve(location.text, url, context.place(location))),
    periods,
  };
}

/**
 * The first BaseURL child resolved against `parent` (further ones are alternatives: the first
 * is used), or `parent` itself when the element has none.
 */
function baseUrlOf(context: MpdContext, element: XmlElement, parent: string): string {
  const first = childNamed(element, 'BaseURL');
  if (!first || first.text === '') return parent;
  return context.resolve(first.text, parent, context.place(first));
}

/** 5.3.2.1: Period start from @start, else the previous Period's end, else 0; duration from @duration, the next start, or the MPD's duration. */
function readPeriods(context: MpdContext, elements: readonly XmlElement[], type: 'static' | 'dynamic', total: number | undefined, base: string): Period[] {
  const starts: number[] = [];
  const declared: (number | undefined)[] = [];
  elements.forEach((element, index) => {
    if (element.attributes['xlink:href'] !== undefined) {
      context.fail(context.place(element), 'remote Periods (xlink:href) are not supported; trawl needs the Period in the MPD itself');
    }
    const start = context.duration(element, 'start');
    const duration = context.duration(element, 'duration');
    declared.push(duration);
    if (start !== undefined) starts.push(start);
    else if (index === 0) starts.push(0);
    else {
      const previous = declared[index - 1];
      if (previous === undefined) context.fail(context.place(element), 'this Period has no @start and the one before it has no @duration: its start cannot be known');
      starts.push(starts[index - 1]! + previous);
    }
  });
  return elements.map((element, index) => {
    const start = starts[index]!;
    const next = starts[index + 1];
    const duration = declared[index] ?? (next !== undefined ? next - start : total !== undefined ? total - start : undefined);
    if (duration === undefined && type === 'static') {
      context.fail(context.place(element), 'a static MPD needs @mediaPresentationDuration or a Period@duration to know where the last Period ends');
    }
    const periodBase = baseUrlOf(context, element, base);
    const adaptationSets = childrenNamed(element, 'AdaptationSet').map((set) => readAdaptationSet(context, set, element, periodBase));
    return { id: element.attributes.id, start, duration, adaptationSets, place: context.place(element) };
  });
}

const TRICK_MODE = 'http://dashif.org/guidelines/trickmode';
const ROLE_SCHEME = 'urn:mpeg:dash:role:2011';

function readAdaptationSet(context: MpdContext, element: XmlElement, period: XmlElement, periodBase: string): AdaptationSet {
  const base = baseUrlOf(context, element, periodBase);
  const protection = readProtection(context, element);
  const roles = childrenNamed(element, 'Role')
    .filter((role) => (role.attributes.schemeIdUri ?? ROLE_SCHEME) === ROLE_SCHEME && role.attributes.value !== undefined)
    .map((role) => role.attributes.value!);
  const trickMode = [...childrenNamed(element, 'EssentialProperty'), ...childrenNamed(element, 'SupplementalProperty')].some(
    (property) => property.attributes.schemeIdUri === TRICK_MODE,
  );
  const representationElements = childrenNamed(element, 'Representation');
  const representations = representationElements.map((representation, index) =>
    readRepresentation(context, representation, index, { period, adaptationSet: element, base, protection }),
  );
  const first = representationElements[0];
  const mimeType = element.attributes.mimeType ?? first?.attributes.mimeType;
  const codecs = element.attributes.codecs ?? first?.attributes.codecs;
  return {
    id: element.attributes.id,
    contentType: contentTypeOf(element, mimeType, codecs, roles),
    lang: element.attributes.lang,
    mimeType,
    codecs,
    roles,
    trickMode,
    representations,
    place: context.place(element),
  };
}

interface Parents {
  readonly period: XmlElement;
  readonly adaptationSet: XmlElement;
  readonly base: string;
  readonly protection: readonly Protection[];
}

function readRepresentation(context: MpdContext, element: XmlElement, index: number, parents: Parents): Representation {
  let id = element.attributes.id;
  if (id === undefined) {
    id = String(index + 1);
    context.tolerate('representation-id', context.place(element), `a Representation has no @id (required); it is numbered ${id} by its position`, 'a Representation needs an @id');
  }
  const place = context.place(element, `<Representation id="${id}">`);
  let bandwidth = context.unsigned(element, 'bandwidth');
  if (bandwidth === undefined) {
    context.tolerate('representation-bandwidth', place, 'a Representation has no @bandwidth (required); taken as 0 when choosing', 'a Representation needs a @bandwidth');
    bandwidth = 0;
  }
  const baseUrl = baseUrlOf(context, element, parents.base);
  const set = parents.adaptationSet;
  const levels: Levels = { period: parents.period, adaptationSet: set, representation: element };
  const addressing = parseSegmentInfo(context, levels, { id, bandwidth, baseUrl, hasOwnBaseUrl: baseUrl !== context.url, place });
  return {
    id,
    bandwidth,
    width: context.unsigned(element, 'width') ?? context.unsigned(set, 'width'),
    height: context.unsigned(element, 'height') ?? context.unsigned(set, 'height'),
    frameRate: element.attributes.frameRate ?? set.attributes.frameRate,
    codecs: element.attributes.codecs ?? set.attributes.codecs,
    mimeType: element.attributes.mimeType ?? set.attributes.mimeType,
    baseUrl,
    addressing,
    protection: [...parents.protection, ...readProtection(context, element)],
    place,
  };
}

function readProtection(context: MpdContext, element: XmlElement): Protection[] {
  return childrenNamed(element, 'ContentProtection').map((protection) => ({
    schemeIdUri: (protection.attributes.schemeIdUri ?? '').trim(),
    value: protection.attributes.value,
    place: context.place(protection, describeElement(protection)),
  }));
}

const VIDEO_CODECS = /^(avc[1-4]|hvc1|hev1|dvh[1e]|vp0?[89]|vp09|av01|mp4v)\b/i;
const AUDIO_CODECS = /^(mp4a|ac-3|ec-3|ac-4|opus|flac|dts[a-z]*|mha[12]|vorbis)\b/i;
const TEXT_CODECS = /^(stpp|wvtt|tx3g|c608|c708)\b/i;

/** @contentType, else a ContentComponent's, else the mime type, else the codecs, else the role. */
function contentTypeOf(element: XmlElement, mimeType: string | undefined, codecs: string | undefined, roles: readonly string[]): ContentType {
  const declared = element.attributes.contentType ?? childNamed(element, 'ContentComponent')?.attributes.contentType;
  const known = (value: string | undefined): ContentType | undefined =>
    value === 'video' || value === 'audio' || value === 'text' || value === 'image' ? value : undefined;
  const fromDeclared = known(declared?.toLowerCase());
  if (fromDeclared) return fromDeclared;
  const mime = mimeType?.toLowerCase() ?? '';
  if (mime.startsWith('text/') || mime === 'application/ttml+xml') return 'text';
  const codec = (codecs ?? '').trim();
  if (TEXT_CODECS.test(codec)) return 'text';
  const fromMime = known(mime.split('/')[0]);
  if (fromMime) return fromMime;
  if (VIDEO_CODECS.test(codec)) return 'video';
  if (AUDIO_CODECS.test(codec)) return 'audio';
  if (roles.includes('subtitle') || roles.includes('caption')) return 'text';
  return 'other';
}
