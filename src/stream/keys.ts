// Segment encryption: AES-128 for HLS (RFC 8216 5.2) — the key bytes (fetched once per URI, or
// given by the user), the IV (the playlist's, the media sequence number, or the user's), and
// decryption with node:crypto (AES-128-CBC, PKCS7 padding removed) — and the refusal of what
// trawl cannot decrypt (SAMPLE-AES, DRM key formats), before anything is fetched.
import { createDecipheriv } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EncryptedStreamError } from '../errors/encrypted-stream-error.js';
import { IntegrityError } from '../errors/integrity-error.js';
import { OptionError } from '../errors/option-error.js';
import type { KeyInfo } from '../hls/parser/types.js';

export const AES_128_BYTES = 16;

/** 16 bytes from 32 hex digits (an optional 0x in front); OptionError naming `option` otherwise. */
export function parseHex16(text: string, option: string): Buffer {
  const hex = text.trim().replace(/^0x/i, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new OptionError(option, text, 'expected 32 hex digits (16 bytes), optionally starting with 0x');
  return Buffer.from(hex, 'hex');
}

/**
 * The `--key` value: 32 hex digits, or the path of a file holding the key (16 raw bytes, or
 * 32 hex digits as text).
 */
export async function readKeyOption(value: string, option = 'key'): Promise<Buffer> {
  if (/^(0x)?[0-9a-f]{32}$/i.test(value.trim())) return parseHex16(value, option);
  let bytes: Buffer;
  try {
    bytes = await readFile(value);
  } catch (error) {
    throw new OptionError(option, value, 'is neither 32 hex digits nor a readable key file', { cause: error });
  }
  if (bytes.length === AES_128_BYTES) return bytes;
  const text = bytes.toString('latin1').trim();
  if (/^(0x)?[0-9a-f]{32}$/i.test(text)) return parseHex16(text, option);
  throw new OptionError(option, value, `the key file holds ${bytes.length} bytes; expected 16 raw bytes or 32 hex digits`);
}

/**
 * Decrypts one segment (or init section). Returns the plaintext as parts, to spare a copy;
 * throws node's error when the padding is wrong (the caller words it).
 */
export function decryptAes128(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Buffer[] {
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  const head = decipher.update(data);
  const tail = decipher.final();
  return tail.length === 0 ? [head] : [head, tail];
}

/** The IV to use for `key`: the user's override, else the playlist's (explicit or derived). */
export function ivFor(key: KeyInfo, override: Uint8Array | undefined): Uint8Array {
  return override ?? key.iv;
}

/**
 * Keys by URI, each fetched once: concurrent segments under one key share one request, and a
 * key that failed is forgotten so that a later attempt (after a playlist refresh) can fetch it
 * again. Also remembers which keys have decrypted a segment correctly: a failure under a key
 * that never worked points at the key, not the segment.
 */
export class KeyStore {
  readonly #keys = new Map<string, Promise<Buffer>>();
  readonly #verified = new Set<string>();
  #fetches = 0;

  constructor(
    private readonly load: (uri: string) => Promise<Buffer>,
    private readonly override?: Uint8Array,
  ) {}

  /** Requests made for keys so far. */
  get fetches(): number {
    return this.#fetches;
  }

  get(uri: string): Promise<Buffer> {
    if (this.override) return Promise.resolve(Buffer.from(this.override));
    let key = this.#keys.get(uri);
    if (key === undefined) {
      this.#fetches++;
      key = this.load(uri).then((bytes) => {
        if (bytes.length !== AES_128_BYTES) {
          throw new IntegrityError(uri, `the key is ${bytes.length} bytes long; AES-128 needs 16`, { retryable: false });
        }
        return bytes;
      });
      key.catch(() => {
        if (this.#keys.get(uri) === key) this.#keys.delete(uri);
      });
      this.#keys.set(uri, key);
    }
    return key;
  }

  markVerified(uri: string): void {
    this.#verified.add(this.override ? '(--key)' : uri);
  }

  isVerified(uri: string): boolean {
    return this.#verified.has(this.override ? '(--key)' : uri);
  }
}

/** Refuses encryption trawl cannot undo, instead of writing ciphertext as if it were media. */
export function assertDecryptable(key: KeyInfo | undefined, manifestUrl: string): void {
  if (key === undefined || (key.method === 'AES-128' && key.supported)) return;
  const format = key.keyFormat === 'identity' ? '' : ` (KEYFORMAT "${key.keyFormat}")`;
  throw new EncryptedStreamError(manifestUrl, key.line ?? 0, `METHOD=${key.method}${format}`);
}
