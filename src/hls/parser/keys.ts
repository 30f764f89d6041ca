// EXT-X-KEY (RFC 8216 4.3.2.4) and the IV rule of 5.2. A key tag applies to every following
// segment and EXT-X-MAP until the next key tag with the same KEYFORMAT, so the state is one
// declaration per key format; METHOD=NONE clears them all (as the current draft says outright).
import type { AttributeList } from './attributes.js';
import type { KeyInfo } from './types.js';

const KNOWN_METHODS = new Set(['AES-128', 'SAMPLE-AES', 'SAMPLE-AES-CTR']);
export const IDENTITY = 'identity';

/** An EXT-X-KEY as written; the IV is only known once it meets a segment. */
export interface KeyDeclaration {
  readonly method: string;
  readonly uri: string;
  readonly iv: Uint8Array | undefined;
  readonly keyFormat: string;
  readonly keyFormatVersions: readonly number[];
  /** The playlist line of the EXT-X-KEY tag. */
  readonly line: number;
}

/** Parses an EXT-X-KEY tag; `undefined` means METHOD=NONE. `resolve` makes the URI absolute. */
export function parseKeyTag(attributes: AttributeList, resolve: (uri: string) => string): KeyDeclaration | undefined {
  const method = attributes.enumerated('METHOD');
  if (method === undefined) attributes.fail('the METHOD attribute is required');
  // Other attributes MUST NOT be present with NONE; servers that add an empty URI anyway are
  // harmless, so they are ignored rather than refused.
  if (method === 'NONE') return undefined;
  const uri = attributes.string('URI');
  if (uri === undefined || uri === '') {
    attributes.fail(`METHOD=${method} needs a URI attribute (REQUIRED unless the METHOD is NONE)`);
  }
  const versionsText = attributes.string('KEYFORMATVERSIONS');
  let keyFormatVersions: number[] = [1];
  if (versionsText !== undefined) {
    keyFormatVersions = versionsText.split('/').map((part) => {
      if (!/^\d+$/.test(part) || Number(part) === 0) {
        attributes.fail(`KEYFORMATVERSIONS must be positive integers separated by "/", found ${JSON.stringify(versionsText)}`);
      }
      return Number(part);
    });
  }
  return {
    method,
    uri: resolve(uri),
    iv: attributes.hex('IV', 16),
    keyFormat: attributes.string('KEYFORMAT') ?? IDENTITY,
    keyFormatVersions,
    line: attributes.line,
  };
}

/** The media sequence number as a 16-byte big-endian integer (RFC 8216 5.2). */
export function sequenceIv(mediaSequence: number): Uint8Array {
  const iv = new Uint8Array(16);
  let rest = BigInt(mediaSequence);
  for (let index = 15; index >= 0 && rest > 0n; index--) {
    iv[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return iv;
}

/** The key as it applies to the segment (or map) numbered `mediaSequence`. */
export function keyFor(declaration: KeyDeclaration, mediaSequence: number): KeyInfo {
  return {
    method: declaration.method,
    uri: declaration.uri,
    iv: declaration.iv ? Uint8Array.from(declaration.iv) : sequenceIv(mediaSequence),
    explicitIv: declaration.iv !== undefined,
    keyFormat: declaration.keyFormat,
    keyFormatVersions: declaration.keyFormatVersions,
    supported: declaration.keyFormat === IDENTITY && KNOWN_METHODS.has(declaration.method),
    line: declaration.line,
  };
}

/** The key a downloader should use: identity if any applies, else the first one. */
export function preferredKey(keys: readonly KeyInfo[]): KeyInfo | undefined {
  return keys.find((key) => key.keyFormat === IDENTITY) ?? keys[0];
}

/** Whether two keys come from the same declaration (a derived IV is not part of it). */
export function sameDeclaration(a: KeyInfo, b: KeyInfo): boolean {
  return (
    a.method === b.method &&
    a.uri === b.uri &&
    a.keyFormat === b.keyFormat &&
    a.explicitIv === b.explicitIv &&
    (!a.explicitIv || bytesEqual(a.iv, b.iv)) &&
    a.keyFormatVersions.join('/') === b.keyFormatVersions.join('/')
  );
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
