// The data model of a parsed HLS playlist (RFC 8216). Everything here is resolved: URIs are
// absolute, byte-range offsets are filled in, each segment carries its own media sequence
// number, discontinuity sequence number, keys (with the IV worked out) and map. A downloader
// can take any segment alone without replaying the playlist's tag state.

/** A sub-range of a resource: `length` bytes starting at byte `offset` (RFC 8216 4.3.2.2). */
export interface ByteRange {
  readonly length: number;
  readonly offset: number;
}

/** Width and height in pixels, from a decimal-resolution such as `1280x720`. */
export interface Resolution {
  readonly width: number;
  readonly height: number;
}

/**
 * Encryption methods named by RFC 8216 (NONE is never stored: a segment under METHOD=NONE has
 * no key) plus SAMPLE-AES-CTR from the current draft. Any other value is kept as given.
 */
export type KeyMethod = 'AES-128' | 'SAMPLE-AES' | 'SAMPLE-AES-CTR' | (string & {});

/** One EXT-X-KEY as it applies to one segment (or to one EXT-X-MAP). */
export interface KeyInfo {
  readonly method: KeyMethod;
  /** Absolute URI of the key (may be a non-http scheme such as skd: for DRM key formats). */
  readonly uri: string;
  /**
   * 16 bytes. From the IV attribute when present; otherwise the media sequence number of the
   * segment as a 128-bit big-endian integer (RFC 8216 5.2).
   */
  readonly iv: Uint8Array;
  /** True when the playlist gave an IV attribute; false when it was derived. */
  readonly explicitIv: boolean;
  /** KEYFORMAT; `"identity"` when absent. */
  readonly keyFormat: string;
  /** KEYFORMATVERSIONS as numbers; `[1]` when absent. */
  readonly keyFormatVersions: readonly number[];
  /**
   * True when the key format is `identity` (the URI serves the raw key) and the method is a
   * known one. Keys of other formats (FairPlay, Widevine, PlayReady…) are kept so a caller can
   * say why it cannot decrypt, but trawl cannot fetch their keys.
   */
  readonly supported: boolean;
  /** The playlist line of the EXT-X-KEY tag (for messages; not part of the key's identity). */
  readonly line?: number | undefined;
}

/** EXT-X-MAP: the Media Initialization Section that applies to the following segments. */
export interface MapInfo {
  readonly uri: string;
  /** Undefined when the whole resource is the init section. */
  readonly byteRange?: ByteRange | undefined;
  /** The key in effect where the EXT-X-MAP tag appears (the map is encrypted with it). */
  readonly key?: KeyInfo | undefined;
}

export interface Segment {
  readonly uri: string;
  /** Seconds, from EXTINF. */
  readonly duration: number;
  /** The EXTINF title; undefined when empty or absent. */
  readonly title?: string | undefined;
  readonly byteRange?: ByteRange | undefined;
  /** An EXT-X-DISCONTINUITY tag precedes this segment. */
  readonly discontinuity: boolean;
  readonly discontinuitySequence: number;
  readonly mediaSequence: number;
  /**
   * The key to decrypt with: the identity-format key when one applies, else the first that
   * applies. Undefined for clear segments (no EXT-X-KEY yet, or METHOD=NONE).
   */
  readonly key?: KeyInfo | undefined;
  /** Every key that applies (one per KEYFORMAT), in playlist order. */
  readonly keys: readonly KeyInfo[];
  readonly map?: MapInfo | undefined;
  readonly programDateTime?: Date | undefined;
}

/** EXT-X-START. */
export interface StartInfo {
  readonly timeOffset: number;
  readonly precise: boolean;
}

export type PlaylistType = 'VOD' | 'EVENT';

export interface MediaPlaylist {
  readonly kind: 'media';
  /** The URL the playlist was fetched from (after redirects); every URI resolves against it. */
  readonly url: string;
  readonly version?: number | undefined;
  readonly targetDuration: number;
  /** Media sequence number of the first segment (0 when the tag is absent). */
  readonly mediaSequence: number;
  /** Discontinuity sequence number of the first segment (0 when the tag is absent). */
  readonly discontinuitySequence: number;
  /** EXT-X-ENDLIST seen: no more segments will be added. */
  readonly endList: boolean;
  readonly playlistType?: PlaylistType | undefined;
  readonly iFramesOnly: boolean;
  readonly independentSegments: boolean;
  readonly start?: StartInfo | undefined;
  readonly segments: readonly Segment[];
}

export interface Variant {
  readonly uri: string;
  readonly bandwidth: number;
  readonly averageBandwidth?: number | undefined;
  /** The CODECS attribute as written, e.g. `avc1.4d401f,mp4a.40.2`. */
  readonly codecs?: string | undefined;
  readonly resolution?: Resolution | undefined;
  readonly frameRate?: number | undefined;
  readonly hdcpLevel?: string | undefined;
  /** PROGRAM-ID, removed from the spec in protocol version 6 but still common. */
  readonly programId?: number | undefined;
  /** GROUP-IDs of the EXT-X-MEDIA renditions this variant uses. */
  readonly audio?: string | undefined;
  readonly video?: string | undefined;
  readonly subtitles?: string | undefined;
  /** A GROUP-ID, or null for CLOSED-CAPTIONS=NONE (the variant has no captions at all). */
  readonly closedCaptions?: string | null | undefined;
}

/** EXT-X-I-FRAME-STREAM-INF: trick-play streams, listed for completeness, never downloaded. */
export interface IFrameVariant {
  readonly uri: string;
  readonly bandwidth: number;
  readonly averageBandwidth?: number | undefined;
  readonly codecs?: string | undefined;
  readonly resolution?: Resolution | undefined;
  readonly hdcpLevel?: string | undefined;
  readonly video?: string | undefined;
}

export type RenditionType = 'AUDIO' | 'VIDEO' | 'SUBTITLES' | 'CLOSED-CAPTIONS';

export interface Rendition {
  readonly type: RenditionType;
  readonly groupId: string;
  readonly name: string;
  /** RFC 5646 language tag, e.g. `en-US`. */
  readonly language?: string | undefined;
  readonly assocLanguage?: string | undefined;
  /** Absent when the rendition's media is carried inside the variant stream itself. */
  readonly uri?: string | undefined;
  readonly default: boolean;
  readonly autoselect: boolean;
  readonly forced: boolean;
  readonly instreamId?: string | undefined;
  /** CHARACTERISTICS split on commas (Uniform Type Identifiers). */
  readonly characteristics?: readonly string[] | undefined;
  readonly channels?: string | undefined;
}

export interface MasterPlaylist {
  readonly kind: 'master';
  readonly url: string;
  readonly version?: number | undefined;
  readonly independentSegments: boolean;
  readonly start?: StartInfo | undefined;
  readonly variants: readonly Variant[];
  readonly iFrameVariants: readonly IFrameVariant[];
  /** Every EXT-X-MEDIA, in playlist order. */
  readonly renditions: readonly Rendition[];
}

export type Playlist = MasterPlaylist | MediaPlaylist;
