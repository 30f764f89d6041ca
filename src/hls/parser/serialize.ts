// Writes a parsed playlist back as RFC 8216 text, so that parse(serialize(p), p.url) equals p.
// URIs are written absolute and byte ranges with explicit offsets: the output is meant to be
// read by trawl (a saved copy, a test), not to be byte-identical to what the server sent.
import { preferredKey, sameDeclaration } from './keys.js';
import type {
  ByteRange,
  IFrameVariant,
  KeyInfo,
  MapInfo,
  MasterPlaylist,
  MediaPlaylist,
  Playlist,
  Rendition,
  Resolution,
  StartInfo,
  Variant,
} from './types.js';

type Attribute = readonly [name: string, value: string | undefined];

export function serializePlaylist(playlist: Playlist): string {
  const lines = playlist.kind === 'master' ? masterLines(playlist) : mediaLines(playlist);
  return `${lines.join('\n')}\n`;
}

function header(playlist: Playlist): string[] {
  const lines = ['#EXTM3U'];
  if (playlist.version !== undefined) lines.push(`#EXT-X-VERSION:${playlist.version}`);
  if (playlist.independentSegments) lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  if (playlist.start) lines.push(`#EXT-X-START:${startAttributes(playlist.start)}`);
  return lines;
}

function masterLines(playlist: MasterPlaylist): string[] {
  const lines = header(playlist);
  for (const rendition of playlist.renditions) lines.push(`#EXT-X-MEDIA:${renditionAttributes(rendition)}`);
  for (const variant of playlist.variants) {
    lines.push(`#EXT-X-STREAM-INF:${variantAttributes(variant)}`, variant.uri);
  }
  for (const variant of playlist.iFrameVariants) lines.push(`#EXT-X-I-FRAME-STREAM-INF:${iFrameAttributes(variant)}`);
  return lines;
}

function mediaLines(playlist: MediaPlaylist): string[] {
  const lines = header(playlist);
  lines.push(`#EXT-X-TARGETDURATION:${playlist.targetDuration}`);
  lines.push(`#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`);
  if (playlist.discontinuitySequence !== 0) lines.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${playlist.discontinuitySequence}`);
  if (playlist.playlistType) lines.push(`#EXT-X-PLAYLIST-TYPE:${playlist.playlistType}`);
  if (playlist.iFramesOnly) lines.push('#EXT-X-I-FRAMES-ONLY');
  let activeKeys: readonly KeyInfo[] = [];
  let activeMap: MapInfo | undefined;
  for (const segment of playlist.segments) {
    if (segment.discontinuity) lines.push('#EXT-X-DISCONTINUITY');
    if (segment.map && !(activeMap && sameMap(activeMap, segment.map))) {
      activeKeys = switchKeys(lines, activeKeys, keysForMap(activeKeys, segment.map.key, segment.keys));
      lines.push(`#EXT-X-MAP:${mapAttributes(segment.map)}`);
      activeMap = segment.map;
    }
    activeKeys = switchKeys(lines, activeKeys, segment.keys);
    if (segment.programDateTime) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${segment.programDateTime.toISOString()}`);
    if (segment.byteRange) lines.push(`#EXT-X-BYTERANGE:${rangeText(segment.byteRange)}`);
    lines.push(`#EXTINF:${decimal(segment.duration)},${segment.title ?? ''}`, segment.uri);
  }
  if (playlist.endList) lines.push('#EXT-X-ENDLIST');
  return lines;
}

/**
 * The key set to have in effect where a map tag is written: the parser gives a map the
 * preferred key of that set, so it must be `mapKey`. The segment's own set is taken when it
 * fits, so that the common order (keys, then map) needs no extra tags.
 */
function keysForMap(active: readonly KeyInfo[], mapKey: KeyInfo | undefined, segmentKeys: readonly KeyInfo[]): readonly KeyInfo[] {
  const fits = (keys: readonly KeyInfo[]): boolean => {
    const preferred = preferredKey(keys);
    return mapKey === undefined ? preferred === undefined : preferred !== undefined && sameDeclaration(preferred, mapKey);
  };
  if (fits(active)) return active;
  if (fits(segmentKeys)) return segmentKeys;
  if (mapKey === undefined) return [];
  const replaced = active.some((key) => key.keyFormat === mapKey.keyFormat)
    ? active.map((key) => (key.keyFormat === mapKey.keyFormat ? mapKey : key))
    : [...active, mapKey];
  return fits(replaced) ? replaced : [mapKey];
}

/**
 * Emits the EXT-X-KEY tags that turn the `active` key set into `wanted` (same keys, same
 * order, as the parser will rebuild them); returns `wanted`. The parser keeps one key per
 * KEYFORMAT in first-seen order and a tag replaces its format's key in place, so tags alone
 * reach `wanted` only when the active formats are a prefix of the wanted ones; otherwise
 * METHOD=NONE clears the set first.
 */
function switchKeys(lines: string[], active: readonly KeyInfo[], wanted: readonly KeyInfo[]): readonly KeyInfo[] {
  const same = active.length === wanted.length && active.every((key, index) => sameDeclaration(key, wanted[index] as KeyInfo));
  if (same) return active;
  const prefix = active.length <= wanted.length && active.every((key, index) => key.keyFormat === wanted[index]?.keyFormat);
  if (!prefix || wanted.length === 0) {
    lines.push('#EXT-X-KEY:METHOD=NONE');
    for (const key of wanted) lines.push(`#EXT-X-KEY:${keyAttributes(key)}`);
    return wanted;
  }
  wanted.forEach((key, index) => {
    const current = active[index];
    if (!current || !sameDeclaration(current, key)) lines.push(`#EXT-X-KEY:${keyAttributes(key)}`);
  });
  return wanted;
}

function sameMap(a: MapInfo, b: MapInfo): boolean {
  return (
    a.uri === b.uri &&
    a.byteRange?.length === b.byteRange?.length &&
    a.byteRange?.offset === b.byteRange?.offset &&
    (a.key === undefined ? b.key === undefined : b.key !== undefined && sameDeclaration(a.key, b.key))
  );
}

function keyAttributes(key: KeyInfo): string {
  return attributeList([
    ['METHOD', key.method],
    ['URI', quoted(key.uri)],
    ['IV', key.explicitIv ? hex(key.iv) : undefined],
    ['KEYFORMAT', key.keyFormat === 'identity' ? undefined : quoted(key.keyFormat)],
    ['KEYFORMATVERSIONS', key.keyFormatVersions.join('/') === '1' ? undefined : quoted(key.keyFormatVersions.join('/'))],
  ]);
}

function mapAttributes(map: MapInfo): string {
  return attributeList([
    ['URI', quoted(map.uri)],
    ['BYTERANGE', map.byteRange ? quoted(rangeText(map.byteRange)) : undefined],
  ]);
}

function variantAttributes(variant: Variant): string {
  return attributeList([
    ['PROGRAM-ID', optionalNumber(variant.programId)],
    ['BANDWIDTH', String(variant.bandwidth)],
    ['AVERAGE-BANDWIDTH', optionalNumber(variant.averageBandwidth)],
    ['CODECS', optionalQuoted(variant.codecs)],
    ['RESOLUTION', resolutionText(variant.resolution)],
    ['FRAME-RATE', variant.frameRate === undefined ? undefined : decimal(variant.frameRate)],
    ['HDCP-LEVEL', variant.hdcpLevel],
    ['AUDIO', optionalQuoted(variant.audio)],
    ['VIDEO', optionalQuoted(variant.video)],
    ['SUBTITLES', optionalQuoted(variant.subtitles)],
    ['CLOSED-CAPTIONS', variant.closedCaptions === null ? 'NONE' : optionalQuoted(variant.closedCaptions)],
  ]);
}

function iFrameAttributes(variant: IFrameVariant): string {
  return attributeList([
    ['BANDWIDTH', String(variant.bandwidth)],
    ['AVERAGE-BANDWIDTH', optionalNumber(variant.averageBandwidth)],
    ['CODECS', optionalQuoted(variant.codecs)],
    ['RESOLUTION', resolutionText(variant.resolution)],
    ['HDCP-LEVEL', variant.hdcpLevel],
    ['VIDEO', optionalQuoted(variant.video)],
    ['URI', quoted(variant.uri)],
  ]);
}

function renditionAttributes(rendition: Rendition): string {
  return attributeList([
    ['TYPE', rendition.type],
    ['GROUP-ID', quoted(rendition.groupId)],
    ['NAME', quoted(rendition.name)],
    ['LANGUAGE', optionalQuoted(rendition.language)],
    ['ASSOC-LANGUAGE', optionalQuoted(rendition.assocLanguage)],
    ['DEFAULT', rendition.default ? 'YES' : undefined],
    ['AUTOSELECT', rendition.autoselect ? 'YES' : undefined],
    ['FORCED', rendition.forced ? 'YES' : undefined],
    ['INSTREAM-ID', optionalQuoted(rendition.instreamId)],
    ['CHARACTERISTICS', rendition.characteristics ? quoted(rendition.characteristics.join(',')) : undefined],
    ['CHANNELS', optionalQuoted(rendition.channels)],
    ['URI', optionalQuoted(rendition.uri)],
  ]);
}

function startAttributes(start: StartInfo): string {
  return attributeList([
    ['TIME-OFFSET', decimal(start.timeOffset)],
    ['PRECISE', start.precise ? 'YES' : undefined],
  ]);
}

function attributeList(attributes: readonly Attribute[]): string {
  return attributes
    .filter((attribute): attribute is readonly [string, string] => attribute[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}

function quoted(value: string): string {
  // 4.2: a quoted-string cannot hold a double quote, CR or LF, and has no escape for them.
  if (/["\r\n]/.test(value)) throw new RangeError(`cannot write ${JSON.stringify(value)} as an HLS quoted-string`);
  return `"${value}"`;
}

function optionalQuoted(value: string | undefined): string | undefined {
  return value === undefined ? undefined : quoted(value);
}

function optionalNumber(value: number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function resolutionText(resolution: Resolution | undefined): string | undefined {
  return resolution ? `${resolution.width}x${resolution.height}` : undefined;
}

function rangeText(range: ByteRange): string {
  return `${range.length}@${range.offset}`;
}

function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex').toUpperCase()}`;
}

/** Plain decimal notation: String() would switch to exponents (1e-7) that the spec does not allow. */
function decimal(value: number): string {
  const text = String(value);
  return /e/i.test(text) ? value.toFixed(20).replace(/\.?0+$/, '') : text;
}
