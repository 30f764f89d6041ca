// Splits playlist text into numbered lines (RFC 8216 4.1) and carries the one piece of state
// every stage needs to fail well: the playlist URL, for messages and for resolving URIs.
import { PlaylistError } from '../../errors/playlist-error.js';

export type Line =
  | { readonly kind: 'tag'; readonly line: number; readonly name: string; readonly value: string; readonly text: string }
  | { readonly kind: 'uri'; readonly line: number; readonly text: string };

export class ParseContext {
  constructor(readonly url: string) {}

  fail(line: number, reason: string, cause?: unknown): never {
    throw new PlaylistError(this.url, line, reason, cause === undefined ? undefined : { cause });
  }

  /** Resolves a URI line or URI attribute against the playlist's own (final) URL. */
  resolve(reference: string, line: number): string {
    try {
      return new URL(reference, this.url).href;
    } catch (error) {
      return this.fail(line, `URI ${JSON.stringify(reference)} does not resolve against the playlist URL`, error);
    }
  }
}

/**
 * The playlist's tags and URI lines, with 1-based physical line numbers. Comments and blank
 * lines are dropped; the first line must be #EXTM3U (RFC 8216 4.3.1.1) and is not returned.
 * A UTF-8 BOM and CRLF endings are tolerated: the spec forbids the BOM, but servers send it
 * and refusing would only make trawl less useful than players that accept it.
 */
export function splitLines(text: string, context: ParseContext): Line[] {
  const raw = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const header = raw[0]?.trim() ?? '';
  if (header !== '#EXTM3U' && !/^#EXTM3U\s/.test(header)) {
    const seen = header === '' ? 'an empty line' : JSON.stringify(header.slice(0, 40));
    context.fail(1, `the first line must be #EXTM3U, found ${seen} (RFC 8216 4.3.1.1)`);
  }
  const lines: Line[] = [];
  for (let index = 1; index < raw.length; index++) {
    const text = (raw[index] ?? '').trim();
    const line = index + 1;
    if (text === '') continue;
    if (text.startsWith('#')) {
      // Tags start with #EXT and are case-sensitive; any other # line is a comment.
      if (!text.startsWith('#EXT')) continue;
      const colon = text.indexOf(':');
      const name = colon === -1 ? text.slice(1) : text.slice(1, colon);
      const value = colon === -1 ? '' : text.slice(colon + 1);
      lines.push({ kind: 'tag', line, name, value, text });
    } else {
      lines.push({ kind: 'uri', line, text });
    }
  }
  return lines;
}
