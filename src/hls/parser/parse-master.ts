// Master playlists (RFC 8216 4.3.4): variants from EXT-X-STREAM-INF + the URI line after it,
// renditions from EXT-X-MEDIA, trick-play streams from EXT-X-I-FRAME-STREAM-INF.
import { AttributeList } from './attributes.js';
import { CommonTags } from './common-tags.js';
import type { Line, ParseContext } from './lines.js';
import type { IFrameVariant, MasterPlaylist, Rendition, RenditionType, Variant } from './types.js';

const RENDITION_TYPES = new Set<string>(['AUDIO', 'VIDEO', 'SUBTITLES', 'CLOSED-CAPTIONS']);
const GROUP_ATTRIBUTES = [
  ['AUDIO', 'audio'],
  ['VIDEO', 'video'],
  ['SUBTITLES', 'subtitles'],
  ['CLOSED-CAPTIONS', 'closedCaptions'],
] as const;

export function readMasterPlaylist(lines: readonly Line[], context: ParseContext): MasterPlaylist {
  const common = new CommonTags(context);
  const variants: Variant[] = [];
  const variantLines: number[] = [];
  const iFrameVariants: IFrameVariant[] = [];
  const renditions: Rendition[] = [];
  let pending: AttributeList | undefined;

  for (const entry of lines) {
    if (entry.kind === 'uri') {
      if (!pending) context.fail(entry.line, `URI line ${JSON.stringify(entry.text)} has no EXT-X-STREAM-INF before it`);
      variants.push(parseVariant(pending, context.resolve(entry.text, entry.line), context));
      variantLines.push(pending.line);
      pending = undefined;
      continue;
    }
    if (common.take(entry)) continue;
    switch (entry.name) {
      case 'EXT-X-STREAM-INF':
        if (pending) context.fail(pending.line, 'EXT-X-STREAM-INF has no URI line after it');
        pending = new AttributeList(context, entry.name, entry.line, entry.value);
        break;
      case 'EXT-X-I-FRAME-STREAM-INF': {
        const attributes = new AttributeList(context, entry.name, entry.line, entry.value);
        iFrameVariants.push({
          uri: context.resolve(attributes.requiredString('URI'), entry.line),
          bandwidth: bandwidthOf(attributes, context),
          averageBandwidth: attributes.integer('AVERAGE-BANDWIDTH'),
          codecs: attributes.string('CODECS'),
          resolution: attributes.resolution('RESOLUTION'),
          hdcpLevel: attributes.enumerated('HDCP-LEVEL'),
          video: attributes.string('VIDEO'),
        });
        break;
      }
      case 'EXT-X-MEDIA': {
        const rendition = parseRendition(new AttributeList(context, entry.name, entry.line, entry.value), context);
        if (rendition) renditions.push(rendition);
        break;
      }
      default:
        // Unrecognised tags (and EXT-X-SESSION-DATA / -SESSION-KEY, which trawl has no use for).
        break;
    }
  }
  if (pending) context.fail(pending.line, 'EXT-X-STREAM-INF has no URI line after it');

  // 4.3.4.2: AUDIO, VIDEO, SUBTITLES and CLOSED-CAPTIONS MUST name a group of that TYPE.
  variants.forEach((variant, index) => {
    for (const [type, field] of GROUP_ATTRIBUTES) {
      const group = variant[field];
      if (typeof group !== 'string') continue;
      if (!renditions.some((rendition) => rendition.type === type && rendition.groupId === group)) {
        context.fail(variantLines[index] ?? 1, `${type}="${group}" names no EXT-X-MEDIA group with TYPE=${type}`);
      }
    }
  });

  return {
    kind: 'master',
    url: context.url,
    version: common.version,
    independentSegments: common.independentSegments,
    start: common.start,
    variants,
    iFrameVariants,
    renditions,
  };
}

function bandwidthOf(attributes: AttributeList, context: ParseContext): number {
  const bandwidth = attributes.integer('BANDWIDTH');
  if (bandwidth !== undefined) return bandwidth;
  const refusal = `${attributes.tag}: the BANDWIDTH attribute is required (every variant MUST include it)`;
  context.tolerate('variant-bandwidth', attributes.line, `${attributes.tag} has no BANDWIDTH (required); taken as 0 when choosing`, refusal);
  return 0;
}

function parseVariant(attributes: AttributeList, uri: string, context: ParseContext): Variant {
  return {
    uri,
    bandwidth: bandwidthOf(attributes, context),
    averageBandwidth: attributes.integer('AVERAGE-BANDWIDTH'),
    codecs: attributes.string('CODECS'),
    resolution: attributes.resolution('RESOLUTION'),
    frameRate: attributes.float('FRAME-RATE'),
    hdcpLevel: attributes.enumerated('HDCP-LEVEL'),
    programId: attributes.integer('PROGRAM-ID'),
    audio: attributes.string('AUDIO'),
    video: attributes.string('VIDEO'),
    subtitles: attributes.string('SUBTITLES'),
    closedCaptions: attributes.isEnumeratedNone('CLOSED-CAPTIONS') ? null : attributes.string('CLOSED-CAPTIONS'),
  };
}

function parseRendition(attributes: AttributeList, context: ParseContext): Rendition | undefined {
  const type = attributes.enumerated('TYPE');
  if (type === undefined) attributes.fail('the TYPE attribute is required');
  // An unknown TYPE makes the tag unrecognised, so it is ignored (RFC 8216 6.3.1).
  if (!RENDITION_TYPES.has(type)) return undefined;
  const uri = attributes.string('URI');
  if (type === 'SUBTITLES' && uri === undefined) attributes.fail('TYPE=SUBTITLES needs a URI attribute (REQUIRED for subtitles)');
  if (type === 'CLOSED-CAPTIONS' && uri !== undefined) attributes.fail('TYPE=CLOSED-CAPTIONS must not have a URI attribute');
  const instreamId = attributes.string('INSTREAM-ID');
  if (type === 'CLOSED-CAPTIONS' && instreamId === undefined) {
    attributes.fail('TYPE=CLOSED-CAPTIONS needs an INSTREAM-ID attribute');
  }
  const characteristics = attributes.string('CHARACTERISTICS');
  return {
    type: type as RenditionType,
    groupId: attributes.requiredString('GROUP-ID'),
    name: attributes.requiredString('NAME'),
    language: attributes.string('LANGUAGE'),
    assocLanguage: attributes.string('ASSOC-LANGUAGE'),
    uri: uri === undefined ? undefined : context.resolve(uri, attributes.line),
    default: attributes.boolean('DEFAULT', false),
    autoselect: attributes.boolean('AUTOSELECT', false),
    forced: attributes.boolean('FORCED', false),
    instreamId,
    characteristics: characteristics === undefined ? undefined : characteristics.split(',').map((item) => item.trim()),
    channels: attributes.string('CHANNELS'),
  };
}
