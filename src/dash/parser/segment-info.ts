// A Representation's segment information (ISO/IEC 23009-1 5.3.9): which of SegmentTemplate,
// SegmentList or SegmentBase applies — the one on the most specific level that has any — and
// its attributes and children merged from the Period, AdaptationSet and Representation levels,
// the more specific winning (5.3.9.1). Templates are checked here, so that an unknown
// $identifier$ or a Representation with no way to find its segments is reported with the MPD
// line of the element at fault, before anything is fetched.
import type { ByteRange } from '../../hls/parser/types.js';
import type { MpdContext } from './context.js';
import { compileTemplate } from './template.js';
import type { Addressing, Place, RangedUrl, TimelineEntry } from './types.js';
import { childNamed, childrenNamed, type XmlElement } from './xml.js';

export interface Levels {
  readonly period: XmlElement;
  readonly adaptationSet: XmlElement;
  readonly representation: XmlElement;
}

export interface RepresentationInfo {
  readonly id: string;
  readonly bandwidth: number;
  readonly baseUrl: string;
  /** Whether any BaseURL on the way down names a resource other than the MPD itself. */
  readonly hasOwnBaseUrl: boolean;
  readonly place: Place;
}

const KINDS = ['SegmentTemplate', 'SegmentList', 'SegmentBase'] as const;
type Kind = (typeof KINDS)[number];

/** Attributes merged from the most general element to the most specific, and the children by name from the most specific that has them. */
interface Merged {
  readonly attributes: Readonly<Record<string, string>>;
  /** The most specific element of the kind, for messages. */
  readonly element: XmlElement;
  child(name: string): XmlElement | undefined;
  children(name: string): XmlElement[];
}

function merge(elements: readonly XmlElement[]): Merged {
  const attributes: Record<string, string> = {};
  for (const element of elements) Object.assign(attributes, element.attributes);
  const specificFirst = [...elements].reverse();
  return {
    attributes,
    element: specificFirst[0]!,
    child: (name) => specificFirst.map((element) => childNamed(element, name)).find((found) => found !== undefined),
    children: (name) => specificFirst.map((element) => childrenNamed(element, name)).find((found) => found.length > 0) ?? [],
  };
}

export function parseSegmentInfo(context: MpdContext, levels: Levels, info: RepresentationInfo): Addressing {
  const order = [levels.period, levels.adaptationSet, levels.representation];
  let kind: Kind | undefined;
  for (const element of [...order].reverse()) {
    kind = KINDS.find((candidate) => childNamed(element, candidate) !== undefined);
    if (kind) break;
  }
  if (!kind) {
    if (!info.hasOwnBaseUrl) {
      context.fail(info.place, 'no way to find its segments: it has no SegmentTemplate, SegmentList or SegmentBase, and no BaseURL naming its media');
    }
    return { kind: 'single', url: info.baseUrl, place: info.place };
  }
  const found = order.map((element) => childNamed(element, kind!)).filter((element): element is XmlElement => element !== undefined);
  const merged = merge(found);
  const place = context.place(merged.element, `<${kind}> of ${info.place.element}`);
  const timescale = readTimescale(context, merged, place);
  const presentationTimeOffset = unsignedOf(context, merged, 'presentationTimeOffset') ?? 0;
  switch (kind) {
    case 'SegmentTemplate':
      return template(context, merged, { timescale, presentationTimeOffset, place });
    case 'SegmentList':
      return list(context, merged, info, { timescale, presentationTimeOffset, place });
    case 'SegmentBase':
      return base(context, merged, info, { timescale, presentationTimeOffset, place });
  }
}

interface Common {
  readonly timescale: number;
  readonly presentationTimeOffset: number;
  readonly place: Place;
}

/** An attribute of the merged element read with the context's typed readers (and their place). */
function unsignedOf(context: MpdContext, merged: Merged, name: string): number | undefined {
  return context.unsigned({ ...merged.element, attributes: merged.attributes }, name);
}

function readTimescale(context: MpdContext, merged: Merged, place: Place): number {
  const timescale = unsignedOf(context, merged, 'timescale') ?? 1;
  if (timescale === 0) context.fail(place, '@timescale is 0: no time can be computed');
  return timescale;
}

function template(context: MpdContext, merged: Merged, common: Common): Addressing {
  const { place } = common;
  const media = merged.attributes.media;
  if (media === undefined) context.fail(place, 'no way to find its segments: the SegmentTemplate has no @media');
  const compiled = compileTemplate(media);
  if ('error' in compiled) context.fail(place, `@media ${JSON.stringify(media)}: ${compiled.error}`);
  let initialization = merged.attributes.initialization;
  const initElement = merged.child('Initialization');
  if (initialization === undefined && initElement?.attributes.sourceURL !== undefined) initialization = initElement.attributes.sourceURL;
  if (initialization !== undefined) {
    const init = compileTemplate(initialization);
    if ('error' in init) context.fail(place, `@initialization ${JSON.stringify(initialization)}: ${init.error}`);
    if (init.uses.has('Number') || init.uses.has('Time')) context.fail(place, `@initialization ${JSON.stringify(initialization)} uses $Number$ or $Time$, which an initialization template must not`);
  }
  const timeline = readTimeline(context, merged);
  const duration = unsignedOf(context, merged, 'duration');
  if (!timeline && duration === undefined) {
    context.fail(place, 'no way to find its segments: the SegmentTemplate has neither @duration nor a SegmentTimeline');
  }
  if (!compiled.uses.has('Number') && !compiled.uses.has('Time')) {
    context.fail(place, `@media ${JSON.stringify(media)} has neither $Number$ nor $Time$: every segment would have the same URL`);
  }
  if (duration === 0) context.fail(place, '@duration is 0');
  return {
    kind: 'template',
    media,
    initialization,
    timescale: common.timescale,
    presentationTimeOffset: common.presentationTimeOffset,
    duration,
    startNumber: unsignedOf(context, merged, 'startNumber') ?? 1,
    endNumber: unsignedOf(context, merged, 'endNumber'),
    timeline,
    availabilityTimeOffset: context.number({ ...merged.element, attributes: merged.attributes }, 'availabilityTimeOffset') ?? 0,
    place,
  };
}

function list(context: MpdContext, merged: Merged, info: RepresentationInfo, common: Common): Addressing {
  const { place } = common;
  const urls = merged.children('SegmentURL');
  if (urls.length === 0) context.fail(place, 'no way to find its segments: the SegmentList has no SegmentURL');
  const timeline = readTimeline(context, merged);
  const duration = unsignedOf(context, merged, 'duration');
  if (!timeline && duration === undefined && urls.length > 1) {
    context.fail(place, 'the SegmentList has several SegmentURLs but neither @duration nor a SegmentTimeline to time them');
  }
  const segments = urls.map((element) => {
    const segmentPlace = context.place(element);
    const media = element.attributes.media;
    const range = rangeOf(context, element, 'mediaRange');
    // No @media: the segment is (a range of) the BaseURL itself.
    if (media === undefined && !range && !info.hasOwnBaseUrl) context.fail(segmentPlace, 'a SegmentURL with neither @media nor @mediaRange, under no BaseURL');
    return { url: media === undefined ? info.baseUrl : context.resolve(media, info.baseUrl, segmentPlace), range, place: segmentPlace };
  });
  return {
    kind: 'list',
    initialization: initializationOf(context, merged, info),
    timescale: common.timescale,
    presentationTimeOffset: common.presentationTimeOffset,
    duration,
    startNumber: unsignedOf(context, merged, 'startNumber') ?? 1,
    timeline,
    segments,
    place,
  };
}

function base(context: MpdContext, merged: Merged, info: RepresentationInfo, common: Common): Addressing {
  if (!info.hasOwnBaseUrl) context.fail(common.place, 'no way to find its segments: SegmentBase needs a BaseURL naming the media file');
  const indexRange = rangeOf(context, { ...merged.element, attributes: merged.attributes }, 'indexRange');
  const representationIndex = merged.child('RepresentationIndex');
  let index: RangedUrl | undefined;
  if (representationIndex) index = rangedUrl(context, representationIndex, info, 'range');
  else if (indexRange) index = { url: info.baseUrl, range: indexRange };
  const initialization = initializationOf(context, merged, info);
  if (!index) {
    // Without an index the file is one segment: fetched whole, it is the media byte for byte.
    return { kind: 'single', url: info.baseUrl, place: info.place };
  }
  return { kind: 'base', url: info.baseUrl, initialization, index, timescale: common.timescale, presentationTimeOffset: common.presentationTimeOffset, place: common.place };
}

function initializationOf(context: MpdContext, merged: Merged, info: RepresentationInfo): RangedUrl | undefined {
  const element = merged.child('Initialization');
  if (element) return rangedUrl(context, element, info, 'range');
  const text = merged.attributes.initialization;
  return text === undefined ? undefined : { url: context.resolve(text, info.baseUrl, context.place(merged.element)) };
}

function rangedUrl(context: MpdContext, element: XmlElement, info: RepresentationInfo, rangeName: string): RangedUrl {
  const source = element.attributes.sourceURL;
  const url = source === undefined ? info.baseUrl : context.resolve(source, info.baseUrl, context.place(element));
  return { url, range: rangeOf(context, element, rangeName) };
}

/** A byte range `first-last` (both inclusive, 5.3.9.5.3) as offset + length. */
function rangeOf(context: MpdContext, element: XmlElement, name: string): ByteRange | undefined {
  const text = element.attributes[name]?.trim();
  if (text === undefined) return undefined;
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match || Number(match[2]) < Number(match[1])) {
    context.fail(context.place(element), `@${name} must be a byte range first-last, found ${JSON.stringify(text)}`);
  }
  const first = Number(match[1]);
  return { offset: first, length: Number(match[2]) - first + 1 };
}

function readTimeline(context: MpdContext, merged: Merged): TimelineEntry[] | undefined {
  const element = merged.child('SegmentTimeline');
  if (!element) return undefined;
  const entries = childrenNamed(element, 'S').map((s) => {
    const d = context.unsigned(s, 'd');
    if (d === undefined || d === 0) context.fail(context.place(s), 'an S element needs a @d greater than 0');
    const r = context.integer(s, 'r') ?? 0;
    if (r < -1) context.fail(context.place(s), `@r must be -1 or more, found ${r}`);
    return { t: context.unsigned(s, 't'), d, r, place: context.place(s) };
  });
  if (entries.length === 0) context.fail(context.place(element), 'the SegmentTimeline has no S element');
  entries.forEach((entry, index) => {
    const next = entries[index + 1];
    if (entry.r === -1 && next && next.t === undefined) context.fail(entry.place, 'r="-1" needs the next S element to have @t, to know where the repeats stop');
  });
  return entries;
}
