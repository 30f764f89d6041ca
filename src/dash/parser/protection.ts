// ContentProtection (ISO/IEC 23009-1 5.8.4.1, 5.8.5.2): a Representation under any protection
// scheme is encrypted (CENC `cenc`, `cbcs`, `cens`, `cbc1`, or a DRM system's own scheme), and
// trawl refuses it before fetching any segment, naming the scheme and the MPD line, instead of
// writing ciphertext as if it were media. Pure.
import { EncryptedStreamError } from '../../errors/encrypted-stream-error.js';
import type { Protection, Representation } from './types.js';

const MP4_PROTECTION = 'urn:mpeg:dash:mp4protection:2011';

/** DRM systems by their system ID (the UUID in urn:uuid:…), as dashif.org lists them. */
const SYSTEMS: Record<string, string> = {
  'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed': 'Widevine',
  '9a04f079-9840-4286-ab92-e65be0885f95': 'PlayReady',
  '94ce86fb-07ff-4f43-adb8-93d2fa968ca2': 'FairPlay',
  'e2719d58-a985-b3c9-781a-b030af78d30e': 'ClearKey',
  '1077efec-c0b2-4d02-ace3-3c1e52e2fb4b': 'ClearKey',
  'f239e769-efa3-4850-9c16-a903c6932efb': 'Adobe Primetime',
  '5e629af5-38da-4063-8977-97ffbd9902d4': 'Marlin',
};

/** How messages name a set of ContentProtection elements: `cenc (Widevine, PlayReady)`. */
export function describeProtection(protection: readonly Protection[]): string {
  const scheme = protection.find((entry) => entry.schemeIdUri.toLowerCase() === MP4_PROTECTION)?.value;
  const systems = [
    ...new Set(
      protection
        .map((entry) => /^urn:uuid:([0-9a-f-]{36})$/i.exec(entry.schemeIdUri)?.[1]?.toLowerCase())
        .filter((id): id is string => id !== undefined)
        .map((id) => SYSTEMS[id] ?? `DRM system ${id}`),
    ),
  ];
  const name = scheme ?? (systems.length > 0 ? 'a DRM scheme' : protection[0]?.schemeIdUri || 'an unnamed scheme');
  return systems.length > 0 ? `${name} (${systems.join(', ')})` : name;
}

/** Throws EncryptedStreamError when `representation` is under ContentProtection. */
export function assertClear(mpdUrl: string, representation: Representation): void {
  const protection = representation.protection;
  if (protection.length === 0) return;
  const first = protection[0]!;
  throw new EncryptedStreamError(mpdUrl, first.place.line, `${describeProtection(protection)}, per ${first.place.element} of ${representation.place.element}`);
}
