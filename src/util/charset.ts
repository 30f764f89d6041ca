// Charset detection and decoding for fetched documents (pure, no I/O). Detection follows the
// HTML encoding-sniffing order: BOM, then the Content-Type charset, then a prescan of the first
// 1024 bytes for <meta charset> / <meta http-equiv="Content-Type">, then UTF-8. Labels resolve
// through the WHATWG Encoding Standard label table, so every name returned is a WHATWG name.
// Decoding uses the platform TextDecoder except where Node 20's differs from the standard
// (windows-1252, gbk) or does not exist (x-user-defined, replacement).

const LABELS: Readonly<Record<string, string>> = {
  'utf-8': 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8',
  ibm866: '866 cp866 csibm866 ibm866',
  'iso-8859-2': 'csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2',
  'iso-8859-3': 'csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3',
  'iso-8859-4': 'csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4',
  'iso-8859-5': 'csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988',
  'iso-8859-6':
    'arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i ' +
    'iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987',
  'iso-8859-7':
    'csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 ' +
    'iso_8859-7:1987 sun_eu_greek',
  'iso-8859-8':
    'csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 ' +
    'iso_8859-8:1988 visual',
  'iso-8859-8-i': 'csiso88598i iso-8859-8-i logical',
  'iso-8859-10': 'csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6',
  'iso-8859-13': 'iso-8859-13 iso8859-13 iso885913',
  'iso-8859-14': 'iso-8859-14 iso8859-14 iso885914',
  'iso-8859-15': 'csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9',
  'iso-8859-16': 'iso-8859-16',
  'koi8-r': 'cskoi8r koi koi8 koi8-r koi8_r',
  'koi8-u': 'koi8-ru koi8-u',
  macintosh: 'csmacintosh mac macintosh x-mac-roman',
  'windows-874': 'dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874',
  'windows-1250': 'cp1250 windows-1250 x-cp1250',
  'windows-1251': 'cp1251 windows-1251 x-cp1251',
  'windows-1252':
    'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 ' +
    'iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252',
  'windows-1253': 'cp1253 windows-1253 x-cp1253',
  'windows-1254':
    'cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 ' +
    'windows-1254 x-cp1254',
  'windows-1255': 'cp1255 windows-1255 x-cp1255',
  'windows-1256': 'cp1256 windows-1256 x-cp1256',
  'windows-1257': 'cp1257 windows-1257 x-cp1257',
  'windows-1258': 'cp1258 windows-1258 x-cp1258',
  'x-mac-cyrillic': 'x-mac-cyrillic x-mac-ukrainian',
  gbk: 'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk',
  gb18030: 'gb18030',
  big5: 'big5 big5-hkscs cn-big5 csbig5 x-x-big5',
  'euc-jp': 'cseucpkdfmtjapanese euc-jp x-euc-jp',
  'iso-2022-jp': 'csiso2022jp iso-2022-jp',
  shift_jis: 'csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis',
  'euc-kr':
    'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949',
  replacement: 'csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement',
  'utf-16be': 'unicodefffe utf-16be',
  'utf-16le': 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le',
  'x-user-defined': 'x-user-defined',
};

const BY_LABEL = new Map<string, string>();
for (const [name, labels] of Object.entries(LABELS)) {
  for (const label of labels.split(' ')) BY_LABEL.set(label, name);
}

/** Every label of the WHATWG table with the encoding it names (for tests and tools). */
export function encodingLabels(): ReadonlyMap<string, string> {
  return BY_LABEL;
}

/** The WHATWG encoding name for a label ("GB2312" -> "gbk"), or undefined for an unknown label. */
export function encodingForLabel(label: string): string | undefined {
  return BY_LABEL.get(label.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').toLowerCase());
}

/** The encoding named by a byte order mark at the start of `body`, if any. */
export function bomEncoding(body: Uint8Array): string | undefined {
  const b0 = body[0];
  const b1 = body[1];
  if (b0 === 0xef && b1 === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) return 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  return undefined;
}

/** The charset parameter of a Content-Type value, resolved to a WHATWG name; undefined if absent or unknown. */
export function contentTypeCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType);
  if (!match) return undefined;
  return encodingForLabel(match[1] ?? match[2] ?? '');
}

/**
 * Picks the charset of a response body: BOM, then the Content-Type charset, then (for HTML or
 * an unknown type) a <meta> prescan of the first 1024 bytes, else 'utf-8'. Unknown labels fall
 * through to the next source.
 */
export function detectCharset(contentType: string | undefined, body: Uint8Array): string {
  const fromBom = bomEncoding(body);
  if (fromBom) return fromBom;
  const fromHeader = contentTypeCharset(contentType);
  if (fromHeader) return fromHeader;
  if (!contentType || /html/i.test(contentType)) {
    const fromMeta = prescanMeta(body);
    if (fromMeta) return fromMeta;
  }
  return 'utf-8';
}

// ---- <meta> prescan (HTML Standard, "prescan a byte stream to determine its encoding") ----

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;

function isSpace(b: number | undefined): boolean {
  return b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
}

function isAlpha(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}

function lower(b: number): number {
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}

/** True when the bytes at `pos` spell `word` (ASCII, case-insensitive). */
function startsWithAt(bytes: Uint8Array, pos: number, word: string): boolean {
  if (pos + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) {
    if (lower(bytes[pos + i]!) !== word.charCodeAt(i)) return false;
  }
  return true;
}

function indexOfSeq(bytes: Uint8Array, from: number, seq: readonly number[]): number {
  outer: for (let i = from; i + seq.length <= bytes.length; i++) {
    for (let j = 0; j < seq.length; j++) if (bytes[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

interface Attribute {
  readonly name: string;
  readonly value: string;
  readonly end: number;
}

/** The HTML "get an attribute" step: reads one attribute starting at `pos`, or null at '>' / end. */
function readAttribute(bytes: Uint8Array, start: number): Attribute | null {
  let pos = start;
  while (pos < bytes.length && (isSpace(bytes[pos]) || bytes[pos] === SLASH)) pos++;
  if (pos >= bytes.length || bytes[pos] === GT) return null;
  let name = '';
  for (; pos < bytes.length; pos++) {
    const b = bytes[pos]!;
    if (b === 0x3d && name !== '') break;
    if (isSpace(b) || b === SLASH || b === GT) break;
    name += String.fromCharCode(lower(b));
  }
  while (pos < bytes.length && isSpace(bytes[pos])) pos++;
  if (bytes[pos] !== 0x3d) return { name, value: '', end: pos };
  pos++;
  while (pos < bytes.length && isSpace(bytes[pos])) pos++;
  const quote = bytes[pos];
  let value = '';
  if (quote === 0x22 || quote === 0x27) {
    for (pos++; pos < bytes.length && bytes[pos] !== quote; pos++) value += String.fromCharCode(lower(bytes[pos]!));
    return { name, value, end: pos + 1 };
  }
  for (; pos < bytes.length && !isSpace(bytes[pos]) && bytes[pos] !== GT; pos++) {
    value += String.fromCharCode(lower(bytes[pos]!));
  }
  return { name, value, end: pos };
}

/** The HTML "extract a character encoding from a meta element" algorithm, on a content value. */
function charsetFromMetaContent(content: string): string | undefined {
  let pos = 0;
  for (;;) {
    const at = content.indexOf('charset', pos);
    if (at < 0) return undefined;
    pos = at + 7;
    while (isSpace(content.charCodeAt(pos))) pos++;
    if (content[pos] !== '=') continue;
    pos++;
    while (isSpace(content.charCodeAt(pos))) pos++;
    const quote = content[pos];
    if (quote === '"' || quote === "'") {
      const close = content.indexOf(quote, pos + 1);
      return close < 0 ? undefined : encodingForLabel(content.slice(pos + 1, close));
    }
    let end = pos;
    while (end < content.length && !isSpace(content.charCodeAt(end)) && content[end] !== ';') end++;
    return end === pos ? undefined : encodingForLabel(content.slice(pos, end));
  }
}

/** Reads a <meta> tag's attributes from `pos` (just past "<meta"); returns the charset it declares. */
function metaCharset(bytes: Uint8Array, start: number): { charset: string | undefined; end: number } {
  const seen = new Set<string>();
  let gotPragma = false;
  let needPragma: boolean | undefined;
  let charset: string | undefined;
  let pos = start;
  for (let attr = readAttribute(bytes, pos); attr; attr = readAttribute(bytes, pos)) {
    pos = attr.end;
    if (seen.has(attr.name)) continue;
    seen.add(attr.name);
    if (attr.name === 'http-equiv') {
      if (attr.value === 'content-type') gotPragma = true;
    } else if (attr.name === 'content') {
      if (charset === undefined) {
        const found = charsetFromMetaContent(attr.value);
        if (found) {
          charset = found;
          needPragma = true;
        }
      }
    } else if (attr.name === 'charset') {
      charset = encodingForLabel(attr.value);
      needPragma = false;
    }
  }
  if (needPragma === undefined || (needPragma && !gotPragma) || charset === undefined) {
    return { charset: undefined, end: pos };
  }
  // A document cannot declare itself UTF-16 in ASCII bytes; the spec reads that as UTF-8.
  if (charset === 'utf-16le' || charset === 'utf-16be') charset = 'utf-8';
  if (charset === 'x-user-defined') charset = 'windows-1252';
  return { charset, end: pos };
}

/** Looks for a charset declared by a <meta> tag in the first 1024 bytes. */
export function prescanMeta(body: Uint8Array): string | undefined {
  const bytes = body.length > 1024 ? body.subarray(0, 1024) : body;
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes[pos] !== LT) {
      pos++;
      continue;
    }
    if (startsWithAt(bytes, pos, '<!--')) {
      const close = indexOfSeq(bytes, pos + 2, [0x2d, 0x2d, GT]);
      if (close < 0) return undefined;
      pos = close + 3;
    } else if (startsWithAt(bytes, pos, '<meta') && (isSpace(bytes[pos + 5]) || bytes[pos + 5] === SLASH)) {
      const found = metaCharset(bytes, pos + 6);
      if (found.charset) return found.charset;
      pos = found.end + 1;
    } else if (isAlpha(bytes[pos + 1]) || (bytes[pos + 1] === SLASH && isAlpha(bytes[pos + 2]))) {
      // Skip any other tag with its attributes, so a '>' or "<meta" inside a value is not misread.
      pos++;
      while (pos < bytes.length && !isSpace(bytes[pos]) && bytes[pos] !== GT) pos++;
      for (let attr = readAttribute(bytes, pos); attr; attr = readAttribute(bytes, pos)) pos = attr.end;
      pos++;
    } else if (bytes[pos + 1] === 0x21 || bytes[pos + 1] === SLASH || bytes[pos + 1] === 0x3f) {
      const close = bytes.indexOf(GT, pos + 1);
      if (close < 0) return undefined;
      pos = close + 1;
    } else {
      pos++;
    }
  }
  return undefined;
}

// ---- decoding ----

// WHATWG index-single-byte for windows-1252, pointers 0x80..0x9F. The rest of the encoding is latin1.
const WINDOWS_1252_C1 = new Uint16Array([
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
]);

const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decoderFor(encoding: string): InstanceType<typeof TextDecoder> {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    try {
      decoder = new TextDecoder(encoding);
    } catch {
      // A Node built without full ICU lacks the legacy encodings; UTF-8 is the documented fallback.
      decoder = decoders.get('utf-8') ?? new TextDecoder('utf-8');
    }
    decoders.set(encoding, decoder);
  }
  return decoder;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Maps each byte through `map` into UTF-16 code units, then lets Buffer build the string natively. */
function decodeSingleByte(bytes: Uint8Array, map: (byte: number) => number): string {
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = map(bytes[i]!);
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}

function decodeWindows1252(bytes: Uint8Array): string {
  let hasC1 = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 && b <= 0x9f) {
      hasC1 = true;
      break;
    }
  }
  // Without 0x80-0x9F bytes windows-1252 is latin1, which Buffer decodes natively.
  if (!hasC1) return asBuffer(bytes).toString('latin1');
  return decodeSingleByte(bytes, (b) => (b >= 0x80 && b <= 0x9f ? WINDOWS_1252_C1[b - 0x80]! : b));
}

/**
 * Decodes `body` as `charset` (a WHATWG name or label; unknown means UTF-8). As in the WHATWG
 * "decode" algorithm a BOM overrides the charset and is stripped.
 */
export function decodeBody(body: Uint8Array, charset: string): string {
  const fromBom = bomEncoding(body);
  const encoding = fromBom ?? encodingForLabel(charset) ?? 'utf-8';
  switch (encoding) {
    case 'windows-1252':
      return decodeWindows1252(body);
    case 'x-user-defined':
      return decodeSingleByte(body, (b) => (b < 0x80 ? b : 0xf700 + b));
    case 'replacement':
      return body.length === 0 ? '' : '\ufffd';
    case 'gbk':
      // The standard's GBK decoder is the gb18030 decoder; Node's 'gbk' rejects four-byte sequences.
      return decoderFor('gb18030').decode(body);
    default:
      return decoderFor(encoding).decode(body);
  }
}
