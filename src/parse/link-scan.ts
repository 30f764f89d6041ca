// The rest of a page once streamExtract needs nothing from it but the links: every <a href> and
// the first <base href>, exactly as htmlparser2's Parser would report them, found without
// tokenizing the text, attributes and end tags in between. On the benchmark shop's item pages
// the fields sit in the first 2 KB of 16, and tokenizing the other 14 KB was a third of a
// crawl's CPU.
//
// Exactness comes from doing only what is simple to do exactly and leaving the rest to the real
// parser: the scan starts where htmlparser2's tokenizer stands in plain text with nothing pending,
// follows its states (10.x, pinned) for text, comments, end tags and ordinary start tags, and
// stops at the '<' of anything else (a declaration, CDATA, a processing instruction, the elements
// whose content is raw text, an <a> or <base> whose attributes hold a character reference); the
// caller hands the page from there to the parser and may resume the scan once the parser is back
// in plain text. test/unit/parse/link-scan.test.ts compares both on generated hostile markup.

/** Where a scan puts what it finds (ExtractPass's fields of the same names). */
export interface LinkSink {
  readonly rawLinks: (string | string[])[];
  baseHref: string | undefined;
}

const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const DASH = 0x2d;
const EQ = 0x3d;
const DQ = 0x22;
const SQ = 0x27;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function isEndOfTagSection(c: number): boolean {
  return c === SLASH || c === GT || isWhitespace(c);
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/**
 * Start tags whose content htmlparser2 reads as raw text: its special-tag detection matches the
 * second letter after an s, t or x and then the rest of one end sequence, so besides script,
 * style, title, textarea and xmp it also takes xitle, xextarea and tmp.
 */
const RAW_TEXT = new Set(['script', 'style', 'title', 'xitle', 'textarea', 'xextarea', 'tmp', 'xmp']);

/**
 * Scans `html` from `start` for links into `sink`. Returns html.length when the page is done, or
 * the index of a '<' where the parser must take over (the tokenizer is in plain text there).
 */
export function scanLinks(html: string, start: number, sink: LinkSink): number {
  const end = html.length;
  let p = start;
  while (p < end) {
    const lt = html.indexOf('<', p);
    if (lt < 0) return end;
    const c = html.charCodeAt(lt + 1);
    if (Number.isNaN(c)) return end; // a '<' at the very end is text
    if (isAsciiAlpha(c)) {
      const next = startTag(html, lt, sink);
      if (next < 0) return lt;
      p = next;
    } else if (c === SLASH) {
      // Whatever follows `</` (a name, blanks, nothing), the tokenizer is back in text after the next '>'.
      const gt = html.indexOf('>', lt + 2);
      if (gt < 0) return end;
      p = gt + 1;
    } else if (c === BANG) {
      if (html.charCodeAt(lt + 2) !== DASH || html.charCodeAt(lt + 3) !== DASH) return lt;
      // A comment ends at the first "-->" whose dashes may be the opener's own (`<!-->` is a comment).
      const close = html.indexOf('-->', lt + 2);
      if (close < 0) return end;
      p = close + 3;
    } else if (c === 0x3f) {
      return lt; // a processing instruction: the parser's
    } else {
      p = lt + 1; // not markup: '<' is text, and the next character is read afresh
    }
  }
  return end;
}

/**
 * A start tag at `lt` (its name starts with a letter). Returns the index after its '>', or
 * end when the page ends inside it (the tokenizer then drops it), or -1 to hand it to the parser.
 */
function startTag(html: string, lt: number, sink: LinkSink): number {
  const end = html.length;
  let i = lt + 1;
  while (i < end && !isEndOfTagSection(html.charCodeAt(i))) i += 1;
  if (i >= end) return end;
  // Only names of 1 to 8 characters that start with a, b, s, t or x can be a link, a base or a
  // raw-text element.
  let kind: 'a' | 'base' | 'other' = 'other';
  const first = html.charCodeAt(lt + 1) | 0x20;
  if (i - lt - 1 <= 8 && (first === 0x61 || first === 0x62 || first === 0x73 || first === 0x74 || first === 0x78)) {
    const name = html.slice(lt + 1, i).toLowerCase();
    if (RAW_TEXT.has(name)) return -1;
    if (name === 'a') kind = 'a';
    else if (name === 'base') kind = 'base';
  }
  if (kind === 'other') {
    // Without a quote before it, the first '>' ends the tag whatever the attributes look like:
    // only a quoted value can hold one.
    for (let j = i; j < end; j += 1) {
      const c = html.charCodeAt(j);
      if (c === GT) return j + 1;
      if (c === DQ || c === SQ) break;
    }
  }
  // The tokenizer's attribute states, from BeforeAttributeName. Only a link or base keeps values.
  let href: string | undefined;
  let state = BEFORE_NAME;
  let nameStart = 0;
  let attribute = '';
  let valueStart = 0;
  for (; i < end; i += 1) {
    const c = html.charCodeAt(i);
    switch (state) {
      case BEFORE_NAME:
        if (c === GT) {
          finish(kind, href, sink);
          return i + 1;
        }
        if (c === SLASH) state = SELF_CLOSING;
        else if (!isWhitespace(c)) {
          state = IN_NAME;
          nameStart = i;
        }
        break;
      case SELF_CLOSING:
        if (c === GT) {
          finish(kind, href, sink);
          return i + 1;
        }
        if (!isWhitespace(c)) {
          state = BEFORE_NAME;
          i -= 1; // read again
        }
        break;
      case IN_NAME:
        if (c === EQ || isEndOfTagSection(c)) {
          if (kind !== 'other') attribute = html.slice(nameStart, i).toLowerCase();
          state = AFTER_NAME;
          i -= 1;
        }
        break;
      case AFTER_NAME:
        if (c === EQ) state = BEFORE_VALUE;
        else if (c === SLASH || c === GT) {
          if (kind !== 'other' && href === undefined && attribute === 'href') href = '';
          state = BEFORE_NAME;
          i -= 1;
        } else if (!isWhitespace(c)) {
          if (kind !== 'other' && href === undefined && attribute === 'href') href = '';
          state = IN_NAME;
          nameStart = i;
        }
        break;
      case BEFORE_VALUE:
        if (c === DQ) {
          state = IN_DQ;
          valueStart = i + 1;
        } else if (c === SQ) {
          state = IN_SQ;
          valueStart = i + 1;
        } else if (!isWhitespace(c)) {
          state = IN_UNQUOTED;
          valueStart = i;
          i -= 1;
        }
        break;
      case IN_DQ:
      case IN_SQ: {
        // A character reference cannot swallow the closing quote, so jump straight to it.
        const close = html.indexOf(state === IN_DQ ? '"' : "'", i);
        if (close < 0) return end;
        if (kind !== 'other' && !keep(html, valueStart, close)) return -1;
        if (kind !== 'other' && href === undefined && attribute === 'href') href = html.slice(valueStart, close);
        state = BEFORE_NAME;
        i = close;
        break;
      }
      case IN_UNQUOTED:
        if (c === GT || isWhitespace(c)) {
          if (kind !== 'other' && !keep(html, valueStart, i)) return -1;
          if (kind !== 'other' && href === undefined && attribute === 'href') href = html.slice(valueStart, i);
          state = BEFORE_NAME;
          i -= 1;
        }
        break;
    }
  }
  return end;
}

const BEFORE_NAME = 0;
const SELF_CLOSING = 1;
const IN_NAME = 2;
const AFTER_NAME = 3;
const BEFORE_VALUE = 4;
const IN_DQ = 5;
const IN_SQ = 6;
const IN_UNQUOTED = 7;

/** A value the scan may take as written: no character reference to decode. */
function keep(html: string, from: number, to: number): boolean {
  const amp = html.indexOf('&', from);
  return amp < 0 || amp >= to;
}

function finish(kind: 'a' | 'base' | 'other', href: string | undefined, sink: LinkSink): void {
  if (href === undefined) return;
  if (kind === 'a') sink.rawLinks.push(href);
  else if (kind === 'base' && sink.baseHref === undefined) sink.baseHref = href;
}
