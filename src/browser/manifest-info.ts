// What a sniffed manifest offers, for sniff's table and for choosing the best stream: the
// variants of an HLS master playlist (RFC 8216 §4.3.4.2) or the Representations of a DASH MPD
// (ISO/IEC 23009-1 §5.3.5), each with bandwidth and resolution; or a media playlist's length.
// Never throws: a manifest that does not parse is simply described as unknown.
import type { SaxesParser } from 'saxes';
import { parsePlaylist } from '../hls/parser/parse.js';
import { lazyRequire } from '../util/lazy-require.js';

const saxes = lazyRequire<typeof import('saxes')>('saxes');

export interface StreamVariant {
  /** Bits per second, as the manifest announces. */
  readonly bandwidth?: number;
  /** e.g. 1280x720 */
  readonly resolution?: string;
  readonly codecs?: string;
  /** The variant playlist's URI (HLS) or the Representation id (DASH). */
  readonly ref?: string;
  /** DASH: the Representation's content type (video, audio, text). */
  readonly contentType?: string;
}

export interface ManifestInfo {
  /** master: an HLS master playlist or an MPD; media: an HLS media playlist. */
  readonly kind: 'master' | 'media';
  readonly variants: readonly StreamVariant[];
  /** Media playlists: segment count and total EXTINF seconds. */
  readonly segments?: number;
  readonly seconds?: number;
  /** Media playlists: the encryption, e.g. AES-128, when segments are encrypted. */
  readonly encryption?: string;
}

/** Reads an HLS playlist's text; undefined when it does not parse. */
export function hlsManifestInfo(text: string, url: string): ManifestInfo | undefined {
  try {
    const playlist = parsePlaylist(text, url);
    if (playlist.kind === 'master') {
      return {
        kind: 'master',
        variants: playlist.variants.map((variant) => ({
          bandwidth: variant.bandwidth,
          ...(variant.resolution ? { resolution: `${variant.resolution.width}x${variant.resolution.height}` } : {}),
          ...(variant.codecs ? { codecs: variant.codecs } : {}),
          ref: variant.uri,
        })),
      };
    }
    const encrypted = playlist.segments.find((segment) => segment.key && segment.key.method !== 'NONE');
    return {
      kind: 'media',
      variants: [],
      segments: playlist.segments.length,
      seconds: playlist.segments.reduce((sum, segment) => sum + segment.duration, 0),
      ...(encrypted?.key ? { encryption: encrypted.key.method } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Reads a DASH MPD's Representations; undefined when it is not well-formed XML. */
export function dashManifestInfo(text: string): ManifestInfo | undefined {
  const variants: StreamVariant[] = [];
  const parser: SaxesParser = new (saxes().SaxesParser)();
  // contentType / mimeType are often on the AdaptationSet, inherited by its Representations.
  let setType: string | undefined;
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    const name = tag.name.replace(/^.*:/, '');
    if (name === 'AdaptationSet') setType = typeOf(attrs);
    if (name !== 'Representation') return;
    const bandwidth = Number(attrs.bandwidth);
    const contentType = typeOf(attrs) ?? setType;
    variants.push({
      ...(Number.isFinite(bandwidth) && bandwidth > 0 ? { bandwidth } : {}),
      ...(attrs.width && attrs.height ? { resolution: `${attrs.width}x${attrs.height}` } : {}),
      ...(attrs.codecs ? { codecs: attrs.codecs } : {}),
      ...(attrs.id ? { ref: attrs.id } : {}),
      ...(contentType ? { contentType } : {}),
    });
  });
  try {
    parser.write(text).close();
  } catch {
    return undefined;
  }
  return failed && variants.length === 0 ? undefined : { kind: 'master', variants };
}

function typeOf(attrs: Record<string, string>): string | undefined {
  return attrs.contentType ?? attrs.mimeType?.split('/')[0];
}

/** The highest announced bandwidth of a manifest's video (or any) variants. */
export function bestBandwidth(info: ManifestInfo | undefined): number | undefined {
  if (!info) return undefined;
  const video = info.variants.filter((variant) => variant.contentType === undefined || variant.contentType === 'video');
  const values = video.map((variant) => variant.bandwidth ?? 0).filter((value) => value > 0);
  return values.length > 0 ? Math.max(...values) : undefined;
}

/** One short line: "3 variants: 160x90 150 kb/s … 480x270 320 kb/s" or "8 segments, 40.0 s, AES-128". */
export function describeManifest(info: ManifestInfo | undefined): string {
  if (!info) return '';
  if (info.kind === 'media') {
    return [`${info.segments ?? 0} segments`, `${(info.seconds ?? 0).toFixed(1)} s`, info.encryption].filter(Boolean).join(', ');
  }
  const parts = info.variants.map((variant) =>
    [variant.resolution, variant.bandwidth ? formatRate(variant.bandwidth) : undefined, variant.contentType && variant.contentType !== 'video' ? variant.contentType : undefined]
      .filter(Boolean)
      .join(' '),
  );
  return `${info.variants.length} variant${info.variants.length === 1 ? '' : 's'}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`;
}

export function formatRate(bitsPerSecond: number): string {
  return bitsPerSecond >= 1e6 ? `${(bitsPerSecond / 1e6).toFixed(1)} Mb/s` : `${Math.round(bitsPerSecond / 1e3)} kb/s`;
}
