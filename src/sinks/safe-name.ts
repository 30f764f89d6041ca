// File names taken from remote content (URLs, Content-Disposition) made safe to create on
// Linux, macOS and Windows: one path segment, no traversal, no control or bidi characters,
// nothing Windows forbids or reserves, never empty, at most 200 UTF-8 bytes.
import { parseContentDisposition, decodeExtValue, repairLatin1 } from './content-disposition.js';

/** Longest name produced, in UTF-8 bytes: leaves room for ` (nn)` and `.part` under NAME_MAX 255. */
export const MAX_NAME_BYTES = 200;
/** Longest tail kept as an extension when a name is shortened. */
const MAX_EXT_BYTES = 32;

// C0 and C1 controls, DEL, and the bidi controls that can disguise an extension ("txt.exe").
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Windows reserves these device names whatever the extension ("CON.txt", "nul.tar.gz").
const RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])$/i;
const DOUBLE_EXT = /\.tar\.(gz|bz2|xz|zst|lz|lzma|z)$/i;

/**
 * A safe file name for `name`. Only the last path segment is kept (RFC 6266 §4.3), so
 * `../../etc/passwd` gives `passwd`; when nothing usable is left, `fallback` (itself sanitised).
 * @param fallback @default 'file'
 */
export function sanitizeFilename(name: string, fallback = 'file'): string {
  return clean(name) || clean(fallback) || 'file';
}

/**
 * The file name for a download: RFC 6266 `filename*` (percent-decoded, RFC 8187) beats
 * `filename`; else the last segment of the URL path, percent-decoded; else `index`. Always
 * sanitised.
 */
export function filenameFromResponse(url: string, contentDisposition?: string): string {
  if (contentDisposition) {
    const params = parseContentDisposition(contentDisposition).params;
    const extended = params.get('filename*');
    const decoded = extended === undefined ? undefined : decodeExtValue(extended);
    const fromExtended = decoded === undefined ? '' : clean(decoded);
    if (fromExtended) return fromExtended;
    const plain = params.get('filename');
    const fromPlain = plain === undefined ? '' : clean(repairLatin1(plain));
    if (fromPlain) return fromPlain;
  }
  let segment = '';
  try {
    segment = new URL(url).pathname.split('/').at(-1) ?? '';
  } catch {
    // Not a URL: fall through to the default name.
  }
  return clean(percentDecode(segment)) || 'index';
}

/** Splits `name` into stem and extension (`.tar.gz` counts as one); a leading dot is no extension. */
export function splitExtension(name: string): { stem: string; ext: string } {
  const double = DOUBLE_EXT.exec(name);
  const dot = double && double.index > 0 ? double.index : name.lastIndexOf('.');
  if (dot <= 0 || Buffer.byteLength(name.slice(dot)) > MAX_EXT_BYTES || /\s/.test(name.slice(dot))) {
    return { stem: name, ext: '' };
  }
  return { stem: name.slice(0, dot), ext: name.slice(dot) };
}

/** `stem + suffix + ext`, the stem shortened so the whole stays within MAX_NAME_BYTES. */
export function joinName(stem: string, suffix: string, ext: string): string {
  const room = MAX_NAME_BYTES - Buffer.byteLength(suffix) - Buffer.byteLength(ext);
  const cut = trimEnd(cutToBytes(stem, room));
  return fixReserved(`${cut}${suffix}${ext}`);
}

function clean(raw: string): string {
  const text = String(raw).replace(LONE_SURROGATE, '\ufffd').normalize('NFC');
  const segment = text
    .split(/[/\\]/)
    .filter((part) => !/^[\s.]*$/.test(part))
    .at(-1);
  if (segment === undefined) return '';
  // Leading dots would hide the file (or spell "..") and leading blanks are lost in listings;
  // Windows drops trailing dots and blanks itself, so two names could meet there.
  const name = trimEnd(
    segment
      .replace(CONTROLS, ' ')
      .replace(WINDOWS_FORBIDDEN, '_')
      .replace(/^[\s.]+/, ''),
  );
  if (!name) return '';
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return fixReserved(name);
  const { stem, ext } = splitExtension(name);
  return joinName(stem, '', ext);
}

function trimEnd(text: string): string {
  return text.replace(/[\s.]+$/, '');
}

function fixReserved(name: string): string {
  const base = name.split('.')[0]?.trimEnd() ?? '';
  return RESERVED.test(base) ? `_${name}` : name;
}

/** The longest prefix of `text` within `max` UTF-8 bytes that ends on a grapheme boundary. */
function cutToBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let bytes = 0;
  let end = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > max) break;
    bytes += size;
    end += segment.length;
  }
  if (end > 0) return text.slice(0, end);
  // One grapheme longer than the room (a pile of combining marks): cut between code points.
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > max) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

function percentDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
