// Splits playlist text into numbered lines (RFC 8216 4.1) and carries the one piece of state
// every stage needs to fail well: the playlist URL, for messages and for resolving URIs.
import { PlaylistError } from '../../errors/playlist-error.js';

export type Line =
  | { readonly kind: 'tag'; readonly line: number; readonly name: string; readonly value: string; readonly text: string }
  | { readonly kind: 'uri'; readonly line: number; readonly text: string };

/** A deviation from RFC 8216 that players accept and so does trawl (refused with `strict`). */
export interface PlaylistWarning {
  /** Names the kind of deviation: each kind is reported once per parse. */
  readonly code: string;
  /** The playlist's URL. */
  readonly url: string;
  readonly line: number;
  readonly message: string;
}

export interface PlaylistParseOptions {
  /** Refuse the deviations common players accept, as RFC 8216 allows. @default false */
  readonly strict?: boolean;
  /** Receives each kind of accepted deviation once. @default undefined */
  readonly onWarning?: (warning: PlaylistWarning) => void;
}

export class ParseContext {
  readonly #warned = new Set<string>();

  constructor(
    readonly url: string,
    private readonly options: PlaylistParseOptions = {},
  ) {}

  fail(line: number, reason: string, cause?: unknown): never {
    throw new PlaylistError(this.url, line, reason, cause === undefined ? undefined : { cause });
  }

  get strict(): boolean {
    return this.options.strict === true;
  }

  /**
   * A deviation players accept: `message` says what is wrong and what trawl does instead;
   * reported once per `code`, or, under `strict`, refused as RFC 8216 allows (`refusal`).
   */
  tolerate(code: string, line: number, message: string, refusal = message): void {
    if (this.strict) this.fail(line, refusal);
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    this.options.onWarning?.({ code, url: this.url, line, message });
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

const isHeader = (line: string): boolean => line === '#EXTM3U' || /^#EXTM3U\s/.test(line);

/**
 * The playlist's tags and URI lines, with 1-based physical line numbers. Comments and blank
 * lines are dropped; the first line must be #EXTM3U (RFC 8216 4.3.1.1) and is not returned.
 * A UTF-8 BOM and CRLF endings are tolerated: the spec forbids the BOM, but servers send it
 * and refusing would only make trawl less useful than players that accept it. So are comments
 * or blank lines before #EXTM3U, and a missing #EXTM3U in text that holds playlist tags (each
 * reported; refused under `strict`).
 */
export function splitLines(text: string, context: ParseContext): Line[] {
  const raw = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\n|\r/);
  const header = raw[0]?.trim() ?? '';
  let from = 1;
  if (!isHeader(header)) {
    const seen = header === '' ? 'an empty line' : JSON.stringify(header.slice(0, 40));
    const refusal = `the first line must be #EXTM3U, found ${seen} (RFC 8216 4.3.1.1)`;
    const at = raw.findIndex((line) => isHeader(line.trim()));
    const before = at === -1 ? [] : raw.slice(0, at).map((line) => line.trim());
    if (at > 0 && before.every((line) => line === '' || (line.startsWith('#') && !line.startsWith('#EXT')))) {
      context.tolerate('header-not-first', 1, `#EXTM3U is on line ${at + 1}, after comments or blank lines; they are skipped`, refusal);
      from = at + 1;
    } else if (at === -1 && raw.some((line) => line.trim().startsWith('#EXT'))) {
      context.tolerate('no-header', 1, 'the playlist does not start with #EXTM3U; it is read as one all the same', refusal);
      from = 0;
    } else {
      context.fail(1, refusal);
    }
  }
  const lines: Line[] = [];
  for (let index = from; index < raw.length; index++) {
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
