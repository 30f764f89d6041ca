// Regular expressions over selected text, as Scrapy's `.re()` / `.re_first()` and the lessons'
// `re.findall('srcUrl="(.*?)",vdoUrl', page)` use them: a selector may end in `::re(<pattern>)`,
// and handlers call ctx.re() / ctx.reFirst(). A match gives its first capture group, or the whole
// match when the pattern has no group. JavaScript's RegExp does the matching (no flags: `.` does
// not cross newlines, as in Python's re by default).
import { SelectorError } from '../errors/selector-error.js';

const SUFFIX = '::re(';

/**
 * Splits `selector::re(pattern)` into its parts; undefined when the source does not end in a
 * `::re(...)` suffix. The first `::re(` starts the pattern and the last `)` ends it, so the
 * pattern may hold parentheses, quotes and `=` as written. `selector` is '' for a bare `::re(...)`.
 */
export function splitRegexSuffix(source: string): { selector: string; pattern: string } | undefined {
  const trimmed = source.trim();
  const start = trimmed.indexOf(SUFFIX);
  if (start === -1 || !trimmed.endsWith(')')) return undefined;
  return { selector: trimmed.slice(0, start).trim(), pattern: trimmed.slice(start + SUFFIX.length, -1) };
}

/** Compiles a `::re()` pattern, or throws SelectorError naming the whole selector and `place`. */
export function compilePattern(pattern: string, source: string, place: string): RegExp {
  if (pattern === '') throw new SelectorError(source, place, '::re() needs a pattern');
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new SelectorError(source, place, `not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
}

/** A pattern as handlers give it: a RegExp (its flags kept) or source text. */
export function toRegExp(pattern: string | RegExp, place: string): RegExp {
  return typeof pattern === 'string' ? compilePattern(pattern, `::re(${pattern})`, place) : pattern;
}

/** What one match yields: the first capture group that took part, else the whole match. */
function matchValue(match: RegExpExecArray): string {
  for (let i = 1; i < match.length; i += 1) if (match[i] !== undefined) return match[i] as string;
  return match.length > 1 ? '' : match[0];
}

/** The value of the first match in `text`, or null. */
export function firstMatch(regex: RegExp, text: string): string | null {
  const sticky = regex.global || regex.sticky;
  if (sticky) regex.lastIndex = 0;
  const match = regex.exec(text);
  if (sticky) regex.lastIndex = 0;
  return match === null ? null : matchValue(match);
}

/** The value of every match in `text`, left to right (Scrapy's `.re()` on one string). */
export function allMatches(regex: RegExp, text: string): string[] {
  const global = regex.global ? regex : new RegExp(regex.source, `${regex.flags}g`);
  global.lastIndex = 0;
  const out: string[] = [];
  for (let match = global.exec(text); match !== null; match = global.exec(text)) {
    out.push(matchValue(match));
    // An empty match would find itself again forever.
    if (match[0] === '') global.lastIndex += 1;
  }
  global.lastIndex = 0;
  return out;
}

/** The first value, over `texts` in order, that the pattern matches (Scrapy's `.re_first()`). */
export function firstMatchIn(regex: RegExp, texts: Iterable<string>): string | null {
  for (const text of texts) {
    const value = firstMatch(regex, text);
    if (value !== null) return value;
  }
  return null;
}
