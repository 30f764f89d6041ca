// Attribute lists (RFC 8216 4.2): `NAME=value,NAME="quoted, with commas",…`, and typed readers
// for each value type the spec defines. Every failure names the tag, the attribute and the line.
import type { ParseContext } from './lines.js';
import type { Resolution } from './types.js';

interface RawValue {
  readonly text: string;
  readonly quoted: boolean;
}

const DECIMAL_INTEGER = /^\d{1,20}$/;
const DECIMAL_FLOAT = /^\d+(?:\.\d*)?$/;
const SIGNED_FLOAT = /^-?\d+(?:\.\d*)?$/;
const RESOLUTION = /^(\d+)x(\d+)$/;
const HEX = /^0[xX]([0-9a-fA-F]+)$/;

export class AttributeList {
  private readonly values = new Map<string, RawValue>();

  constructor(
    private readonly context: ParseContext,
    readonly tag: string,
    readonly line: number,
    source: string,
  ) {
    let at = 0;
    while (at < source.length) {
      // Whitespace is not allowed by the spec, but a space after a comma is a common slip.
      while (source[at] === ' ') at++;
      const equals = source.indexOf('=', at);
      if (equals === -1) this.fail(`expected NAME=value at ${JSON.stringify(source.slice(at, at + 20))}`);
      const name = source.slice(at, equals).trim();
      if (!/^[A-Za-z0-9-]+$/.test(name)) this.fail(`bad attribute name ${JSON.stringify(name)}`);
      let value: RawValue;
      if (source[equals + 1] === '"') {
        const close = source.indexOf('"', equals + 2);
        if (close === -1) this.fail(`${name}: the quoted-string has no closing quote`);
        value = { text: source.slice(equals + 2, close), quoted: true };
        at = close + 1;
        while (source[at] === ' ') at++;
        if (at < source.length && source[at] !== ',') {
          this.fail(`${name}: expected a comma after the quoted-string, found ${JSON.stringify(source[at])}`);
        }
      } else {
        const comma = source.indexOf(',', equals + 1);
        const end = comma === -1 ? source.length : comma;
        value = { text: source.slice(equals + 1, end).trim(), quoted: false };
        at = end;
      }
      // RFC 8216 4.2: a name MUST NOT appear twice; clients SHOULD refuse such playlists.
      if (this.values.has(name)) this.fail(`attribute ${name} appears more than once`);
      this.values.set(name, value);
      at++;
    }
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  fail(reason: string): never {
    return this.context.fail(this.line, `${this.tag}: ${reason}`);
  }

  /** A quoted-string, or an unquoted value where servers commonly omit the quotes. */
  string(name: string): string | undefined {
    return this.values.get(name)?.text;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined) this.fail(`the ${name} attribute is required`);
    return value;
  }

  /** An enumerated-string: unquoted by the spec; quotes are tolerated. */
  enumerated(name: string): string | undefined {
    return this.values.get(name)?.text;
  }

  /** The enumerated NONE, as distinct from the quoted-string "NONE". */
  isEnumeratedNone(name: string): boolean {
    const value = this.values.get(name);
    return value !== undefined && !value.quoted && value.text === 'NONE';
  }

  /** YES / NO; `fallback` when absent. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.enumerated(name);
    if (value === undefined) return fallback;
    if (value === 'YES') return true;
    if (value === 'NO') return false;
    return this.fail(`${name} must be YES or NO, found ${JSON.stringify(value)}`);
  }

  integer(name: string): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    return parseDecimalInteger(value.text, () => this.fail(`${name} must be a decimal-integer, found ${JSON.stringify(value.text)}`));
  }

  requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) this.fail(`the ${name} attribute is required`);
    return value;
  }

  float(name: string, signed = false): number | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (!(signed ? SIGNED_FLOAT : DECIMAL_FLOAT).test(value.text)) {
      this.fail(`${name} must be a ${signed ? 'signed-' : ''}decimal-floating-point, found ${JSON.stringify(value.text)}`);
    }
    return Number(value.text);
  }

  resolution(name: string): Resolution | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const match = RESOLUTION.exec(value.text);
    if (!match) this.fail(`${name} must be a decimal-resolution such as 1280x720, found ${JSON.stringify(value.text)}`);
    return { width: Number(match[1]), height: Number(match[2]) };
  }

  /** A hexadecimal-sequence as exactly `bytes` bytes, big-endian, left-padded with zeros. */
  hex(name: string, bytes: number): Uint8Array | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    const match = HEX.exec(value.text);
    if (!match) this.fail(`${name} must be a hexadecimal-sequence such as 0x1A2B, found ${JSON.stringify(value.text)}`);
    let digits = (match[1] ?? '').replace(/^0+(?=.)/, '');
    if (digits.length > bytes * 2) this.fail(`${name} is longer than ${bytes * 8} bits`);
    digits = digits.padStart(bytes * 2, '0');
    return Uint8Array.from({ length: bytes }, (_, i) => Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16));
  }

  /** A quoted `<n>[@<o>]` byte range (EXT-X-MAP BYTERANGE). */
  byteRange(name: string): { length: number; offset?: number } | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    return parseByteRangeSpec(value.text, (reason) => this.fail(`${name}: ${reason}`));
  }
}

export function parseDecimalInteger(text: string, onError: () => never): number {
  if (!DECIMAL_INTEGER.test(text)) onError();
  const value = Number(text);
  // Values above 2^53 would silently lose precision; no real playlist needs them.
  if (!Number.isSafeInteger(value)) onError();
  return value;
}

/** `<n>[@<o>]` (RFC 8216 4.3.2.2); offset undefined when absent. */
export function parseByteRangeSpec(text: string, fail: (reason: string) => never): { length: number; offset?: number } {
  const match = /^(\d+)(?:@(\d+))?$/.exec(text.trim());
  if (!match) return fail(`expected <length>[@<offset>], found ${JSON.stringify(text)}`);
  const length = parseDecimalInteger(match[1] ?? '', () => fail(`length ${match[1]} is out of range`));
  if (match[2] === undefined) return { length };
  const offset = parseDecimalInteger(match[2], () => fail(`offset ${match[2]} is out of range`));
  return { length, offset };
}
