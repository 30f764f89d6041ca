// Reads the parameters of a Content-Disposition header (RFC 6266) and decodes RFC 8187
// extended values (`filename*=UTF-8''%E4%B8%AD.pdf`). Written by hand: the header is small and
// the lenient reading browsers apply (unquoted names with spaces, raw UTF-8) matters here.

export interface ContentDisposition {
  /** `attachment`, `inline`…, lower-cased; '' when the header starts with a parameter. */
  readonly type: string;
  /** Parameters by lower-cased name, values unquoted; the first of a repeated name wins. */
  readonly params: ReadonlyMap<string, string>;
}

export function parseContentDisposition(header: string): ContentDisposition {
  const params = new Map<string, string>();
  let i = 0;
  const n = header.length;
  const skipBlanks = (): void => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  let type = '';
  const firstSemi = header.indexOf(';');
  const head = (firstSemi === -1 ? header : header.slice(0, firstSemi)).trim();
  if (head.includes('=')) {
    i = 0; // No type, the header starts with a parameter.
  } else {
    type = head.toLowerCase();
    i = firstSemi === -1 ? n : firstSemi + 1;
  }
  while (i < n) {
    skipBlanks();
    const nameStart = i;
    while (i < n && header[i] !== '=' && header[i] !== ';') i++;
    const name = header.slice(nameStart, i).trim().toLowerCase();
    if (header[i] !== '=') {
      i++; // A bare token or an empty parameter: nothing to keep.
      continue;
    }
    i++;
    skipBlanks();
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < n && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < n) i++;
        value += header[i];
        i++;
      }
      i++; // The closing quote.
      while (i < n && header[i] !== ';') i++;
    } else {
      const valueStart = i;
      while (i < n && header[i] !== ';') i++;
      value = header.slice(valueStart, i).trim();
    }
    i++;
    if (name && !params.has(name)) params.set(name, value);
  }
  return { type, params };
}

/**
 * Decodes an RFC 8187 `charset'language'percent-encoded` value; undefined when it is not one
 * or the bytes are not valid in the charset.
 */
export function decodeExtValue(value: string): string | undefined {
  const match = /^([^']*)'[^']*'(.*)$/s.exec(value.trim());
  if (!match) return undefined;
  const charset = (match[1] ?? '').trim().toLowerCase() || 'utf-8';
  const bytes: number[] = [];
  const encoded = match[2] ?? '';
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded.slice(i + 1, i + 3);
    if (encoded[i] === '%' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(encoded[i] ?? '', 'utf8'));
    }
  }
  try {
    return new TextDecoder(charset, { fatal: true }).decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Header values arrive as Latin-1 (one char per byte), yet many servers send a raw UTF-8
 * `filename=`. When the chars are bytes that form valid UTF-8, this returns the UTF-8 reading.
 */
export function repairLatin1(value: string): string {
  if (!/[\u0080-\u00ff]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}
