// The declarative crawl's fast path: item fields and links from one SAX pass of htmlparser2 over
// the page, with no DOM. parseHtml builds some 500 KB of short-lived nodes for a 15 KB page; a
// crawl that only reads two values and the links throws nearly all of it away, and on long crawls
// that garbage (promoted by V8's small young generation) costs more than the parsing.
//
// Every answer must equal the DOM path's (compileSelector(...).first(parseHtml(...), scope) and
// HtmlDocument.links), so the pass mirrors what DomHandler would build from the same Parser events:
//   onopentag  -> a child element of the innermost open one (void and implied tags included:
//                 htmlparser2 reports every element it closes, implied or not, to onclosetag)
//   onclosetag -> the innermost open element ends
//   ontext     -> text; consecutive text events make ONE text node, which ends at any tag,
//                 comment (CDATA is a comment in HTML mode) or processing instruction
// Fields are read within a scope: the whole page, or, with an item selector, each matched
// element (fields then match its descendants, as css-select's selectAll(query, element) does).
// Selectors outside stream-selector.ts's subset make compileStreamRules return undefined.
import { BoundedParser } from './bounded-parser.js';
import { scanLinks } from './link-scan.js';
import { compilePattern, firstMatch, splitRegexSuffix } from './regex.js';
import { resolveLinks } from './stream-links.js';
import { compileStreamSelector, type OpenElement, type StreamSelector } from './stream-selector.js';

export interface StreamField {
  readonly name: string;
  /** undefined for a bare `::re()`: the page source, or the item's text content. */
  readonly selector: StreamSelector | undefined;
  /** A trailing `::re()`: the first of the selector's values it matches, as Selector.first gives it. */
  readonly regex: RegExp | undefined;
}

export interface StreamRules {
  readonly fields: readonly StreamField[];
  /** undefined: every `a[href]`, as HtmlDocument.links() without a selector. */
  readonly follow: StreamSelector | undefined;
  /** Each element it matches is one item; undefined: the page is the one scope. */
  readonly item: StreamSelector | undefined;
}

export interface StreamOutput {
  /** Without an item selector, each field's first match on the page, as Selector.first gives it; else {}. */
  readonly fields: Record<string, string | null>;
  /** With an item selector: one record per matched element, in document order. */
  readonly items?: Record<string, string | null>[];
  /** Exactly HtmlDocument.links(follow): absolute http(s), no fragments, each once, document order. */
  readonly links: string[];
}

/**
 * Compiles item fields, the follow selector and the item selector for streamExtract; undefined
 * when any of them is outside the streamable subset (see compileStreamSelector), or the item
 * selector has a pseudo-element, and the page must be parsed into a DOM instead. Selectors that
 * do not compile at all also give undefined: compileSelector is the one that reports them.
 */
export function compileStreamRules(
  fields: readonly { readonly name: string; readonly source: string }[],
  follow: string | undefined,
  item?: string,
): StreamRules | undefined {
  const compiled: StreamField[] = [];
  for (const { name, source } of fields) {
    const field = compileField(name, source);
    if (field === undefined) return undefined;
    compiled.push(field);
  }
  let itemSelector: StreamSelector | undefined;
  if (item !== undefined) {
    itemSelector = compileStreamSelector(item);
    if (itemSelector === undefined || itemSelector.pseudo.kind !== 'none') return undefined;
  }
  let followSelector: StreamSelector | undefined;
  if (follow !== undefined) {
    followSelector = compileStreamSelector(follow);
    if (followSelector === undefined) return undefined;
  }
  return { fields: compiled, follow: followSelector, item: itemSelector };
}

function compileField(name: string, source: string): StreamField | undefined {
  const re = splitRegexSuffix(source);
  let regex: RegExp | undefined;
  if (re !== undefined) {
    try {
      regex = compilePattern(re.pattern, source, 'stream');
    } catch {
      return undefined;
    }
    if (re.selector === '') return { name, selector: undefined, regex };
  }
  const selector = compileStreamSelector(re === undefined ? source : re.selector);
  return selector === undefined ? undefined : { name, selector, regex };
}

/** Reads the fields (or items) and links of `html` (the page at absolute `url`) in one pass, without a DOM. */
export function streamExtract(rules: StreamRules, html: string, url: string): StreamOutput {
  const pass = new ExtractPass(rules);
  const parser = new BoundedParser(pass, { decodeEntities: true });
  if (pass.mayOnlyNeedLinks && TOKENIZER_STATE) feedSkimming(parser, pass, html);
  else parser.end(html);
  pass.flush();
  const links = resolveLinks(pass.rawLinks, pass.baseHref, url);
  if (rules.item !== undefined) return { fields: {}, items: pass.items.map((scope) => scope.record(html)), links };
  return { fields: (pass.page as Scope).record(html), links };
}

/** Characters the parser reads before streamExtract looks again whether it only needs links. */
const CHUNK = 1024;

/** htmlparser2's tokenizer (10.x, pinned), whose state tells when the parser stands in plain text. */
interface TokenizerInternals {
  readonly tokenizer?: { readonly state?: unknown; readonly running?: unknown };
}

/** The number htmlparser2's tokenizer uses for its plain-text state, read from a fresh parser; undefined if it has changed. */
const TOKENIZER_STATE: number | undefined = (() => {
  const tokenizer = (new BoundedParser({}) as unknown as TokenizerInternals).tokenizer;
  return typeof tokenizer?.state === 'number' && tokenizer.running === true ? tokenizer.state : undefined;
})();

function inPlainText(parser: BoundedParser): boolean {
  const tokenizer = (parser as unknown as TokenizerInternals).tokenizer;
  return tokenizer?.state === TOKENIZER_STATE && tokenizer?.running === true;
}

/**
 * Feeds the page to the parser a chunk at a time until every field is decided; from there on,
 * while the parser stands in plain text, scanLinks reads the page instead, and hands it back at
 * anything it leaves to the parser (which then reads up to the next tag and is asked again).
 */
function feedSkimming(parser: BoundedParser, pass: ExtractPass, html: string): void {
  const end = html.length;
  let at = 0;
  let handedBack = false;
  while (at < end) {
    if (pass.onlyLinks && inPlainText(parser)) {
      at = scanLinks(html, at, pass);
      if (at >= end) break;
      handedBack = true;
    }
    let next = html.indexOf('<', handedBack ? at + 1 : at + CHUNK);
    if (next < 0) next = end;
    parser.write(html.slice(at, next));
    at = next;
    handedBack = false;
  }
  parser.end();
}

/**
 * One matched element of a field, in document order. `hit` is its answer once known: for
 * `::attr()` the value, for a plain selector the text content (at its end tag), for `::text` its
 * first non-blank own text node; with `::re()`, the first of those the pattern matches.
 */
class Candidate {
  hit: string | undefined = undefined;
  closed = false;
  /** Text content so far (plain selectors and bare `::re()` only). */
  text = '';
  constructor(
    readonly scope: Scope,
    readonly field: number,
  ) {}
}

/** Fields read within one element (an item) or the whole page. */
class Scope {
  /** Per field: undefined while undecided. */
  readonly values: (string | undefined)[];
  /** Fields still tested against each new element. */
  readonly testing: boolean[];
  testingCount: number;
  undecided: number;
  /** Matched elements per field in document order; the earliest with a hit wins. */
  readonly queues: Candidate[][];
  readonly heads: number[];

  constructor(
    readonly fields: readonly StreamField[],
    /** The page scope: a bare ::re() reads the page source, after the pass. */
    readonly isPage: boolean,
  ) {
    const count = fields.length;
    this.values = new Array<string | undefined>(count).fill(undefined);
    this.testing = fields.map((field) => field.selector !== undefined);
    this.testingCount = this.testing.filter(Boolean).length;
    this.undecided = count;
    this.queues = Array.from({ length: count }, () => []);
    this.heads = new Array<number>(count).fill(0);
  }

  record(html: string): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    this.fields.forEach((field, i) => {
      let value = this.values[i];
      // A bare ::re() of the page scope reads the page source, known only now.
      if (value === undefined && field.selector === undefined && field.regex !== undefined && this.isPage) {
        value = firstMatch(field.regex, html) ?? undefined;
      }
      out[field.name] = value ?? null;
    });
    return out;
  }

  stopTesting(field: number): void {
    if (!this.testing[field]) return;
    this.testing[field] = false;
    this.testingCount -= 1;
  }
}

/** Receives the element's own text nodes: a `::text` field candidate, or `::text` link values. */
type TextSink = Candidate | string[];

class Frame implements OpenElement {
  readonly type = 'tag';
  sinks: TextSink[] | null = null;
  captures: Candidate[] | null = null;
  /** The item scope this element opened. */
  scope: Scope | null = null;
  constructor(
    readonly name: string,
    readonly attribs: Record<string, string>,
    readonly parent: Frame | null,
  ) {}
}

/** The Parser callbacks (htmlparser2 Handler) and the state of one pass. */
class ExtractPass {
  /** Hrefs as written, in the order HtmlDocument.links adds them; a nested array holds one element's `::text` values. */
  readonly rawLinks: (string | string[])[] = [];
  baseHref: string | undefined = undefined;
  /** The page scope, without an item selector. */
  readonly page: Scope | undefined;
  /** Item scopes in document order. */
  readonly items: Scope[] = [];
  /** Scopes whose element is open (innermost last); the page scope is always open. */
  private readonly open: Scope[] = [];
  private top: Frame | null = null;
  private captures: Candidate[] = [];
  /** The text node being read, when its element has sinks. */
  private run = '';
  /**
   * -1 while elements need frames. Once every page field has its value and links come from the
   * default `a[href]` (no selector to test, no items), the rest of the page needs no ancestors:
   * elements are only counted, which spares most of a page's frames when the fields sit near its top.
   */
  private unframed = -1;

  /** Whether the page may come to need nothing more than its links (no follow or item selector). */
  get mayOnlyNeedLinks(): boolean {
    return this.page !== undefined && this.rules.follow === undefined;
  }

  /** Every field is decided: the rest of the page matters for its <a href> and <base href> only. */
  get onlyLinks(): boolean {
    return this.unframed >= 0;
  }

  constructor(private readonly rules: StreamRules) {
    if (rules.item === undefined) {
      this.page = new Scope(rules.fields, true);
      this.open.push(this.page);
      this.checkUnframed();
    }
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    if (this.baseHref === undefined && name === 'base' && attribs.href !== undefined) this.baseHref = attribs.href;
    const follow = this.rules.follow;
    if (follow === undefined && name === 'a' && attribs.href !== undefined) this.rawLinks.push(attribs.href);
    if (this.unframed >= 0) {
      this.unframed += 1;
      return;
    }
    if (this.run !== '') this.flush();
    const frame = new Frame(name, attribs, this.top);
    this.top = frame;
    const open = this.open;
    for (let s = 0; s < open.length; s += 1) {
      const scope = open[s] as Scope;
      if (scope.testingCount > 0) this.testFields(scope, frame);
    }
    const item = this.rules.item;
    if (item !== undefined && item.test(frame)) this.openItem(frame);
    if (follow !== undefined && follow.test(frame)) {
      const pseudo = follow.pseudo;
      if (pseudo.kind === 'none') {
        if (attribs.href !== undefined) this.rawLinks.push(attribs.href);
      } else if (pseudo.kind === 'attr') {
        this.rawLinks.push(attribs[pseudo.name] ?? '');
      } else {
        const texts: string[] = [];
        this.rawLinks.push(texts);
        (frame.sinks ??= []).push(texts);
      }
    }
  }

  onclosetag(): void {
    // Elements opened without a frame close first: end tags come innermost first.
    if (this.unframed > 0) {
      this.unframed -= 1;
      return;
    }
    if (this.run !== '') this.flush();
    const frame = this.top;
    if (frame === null) return;
    this.top = frame.parent;
    if (frame.captures !== null) {
      const ended = frame.captures;
      for (const candidate of ended) {
        const text = candidate.text.trim();
        candidate.text = '';
        const regex = candidate.scope.fields[candidate.field]?.regex;
        candidate.hit = regex === undefined ? text : (firstMatch(regex, text) ?? undefined);
        candidate.closed = true;
        this.settle(candidate.scope, candidate.field);
      }
      this.captures = this.captures.filter((capture) => !ended.includes(capture));
    }
    if (frame.sinks !== null) {
      for (const sink of frame.sinks) {
        if (sink instanceof Candidate) {
          sink.closed = true;
          this.settle(sink.scope, sink.field);
        }
      }
    }
    // Everything inside the item has ended, so every candidate of its scope is settled.
    if (frame.scope !== null) this.open.pop();
  }

  ontext(data: string): void {
    if (this.unframed >= 0) return;
    const captures = this.captures;
    for (let i = 0; i < captures.length; i += 1) (captures[i] as Candidate).text += data;
    if (this.top !== null && this.top.sinks !== null) this.run += data;
  }

  oncomment(): void {
    if (this.run !== '') this.flush();
  }

  onprocessinginstruction(): void {
    if (this.run !== '') this.flush();
  }

  /** Ends the current text node and hands it to its element's sinks. */
  flush(): void {
    const data = this.run;
    const owner = this.top;
    this.run = '';
    if (data === '' || owner === null || owner.sinks === null) return;
    for (const sink of owner.sinks) {
      if (Array.isArray(sink)) {
        sink.push(data);
      } else if (sink.hit === undefined && sink.scope.values[sink.field] === undefined) {
        const trimmed = data.trim();
        if (trimmed === '') continue;
        const regex = sink.scope.fields[sink.field]?.regex;
        const hit = regex === undefined ? trimmed : firstMatch(regex, trimmed);
        if (hit !== null) {
          sink.hit = hit;
          this.settle(sink.scope, sink.field);
        }
      }
    }
  }

  private openItem(frame: Frame): void {
    const scope = new Scope(this.rules.fields, false);
    frame.scope = scope;
    this.items.push(scope);
    this.open.push(scope);
    // A bare ::re() reads the item's whole text content.
    scope.fields.forEach((field, i) => {
      if (field.selector !== undefined) return;
      const candidate = new Candidate(scope, i);
      (scope.queues[i] as Candidate[]).push(candidate);
      this.captures.push(candidate);
      (frame.captures ??= []).push(candidate);
    });
  }

  private testFields(scope: Scope, frame: Frame): void {
    const fields = scope.fields;
    for (let i = 0; i < fields.length; i += 1) {
      if (!scope.testing[i]) continue;
      const field = fields[i] as StreamField;
      const selector = field.selector as StreamSelector;
      if (!selector.test(frame)) continue;
      const pseudo = selector.pseudo;
      const candidate = new Candidate(scope, i);
      (scope.queues[i] as Candidate[]).push(candidate);
      if (pseudo.kind === 'attr') {
        const value = (frame.attribs[pseudo.name] ?? '').trim();
        candidate.hit = field.regex === undefined ? value : (firstMatch(field.regex, value) ?? undefined);
        candidate.closed = true;
        this.settle(scope, i);
      } else if (pseudo.kind === 'none') {
        // Without ::re() the first match is the answer, even if its text turns out empty: stop testing now.
        if (field.regex === undefined) scope.stopTesting(i);
        this.captures.push(candidate);
        (frame.captures ??= []).push(candidate);
      } else {
        (frame.sinks ??= []).push(candidate);
      }
    }
  }

  // A field is decided by the earliest matched element (document order, as selectAll gives
  // them) that has a hit; an earlier one still open may yet get one.
  private settle(scope: Scope, field: number): void {
    if (scope.values[field] !== undefined) return;
    const queue = scope.queues[field] as Candidate[];
    let head = scope.heads[field] as number;
    while (head < queue.length) {
      const candidate = queue[head] as Candidate;
      if (candidate.hit !== undefined) {
        this.decide(scope, field, candidate.hit);
        return;
      }
      if (!candidate.closed) break;
      head += 1;
    }
    scope.heads[field] = head;
  }

  private decide(scope: Scope, field: number, value: string): void {
    if (scope.values[field] !== undefined) return;
    scope.values[field] = value;
    scope.stopTesting(field);
    scope.undecided -= 1;
    (scope.queues[field] as Candidate[]).length = 0;
    scope.heads[field] = 0;
    if (scope === this.page) this.checkUnframed();
  }

  private checkUnframed(): void {
    const page = this.page;
    if (page === undefined || this.rules.follow !== undefined) return;
    // Bare ::re() fields of the page are read from the source after the pass: no frames needed.
    if (page.testingCount === 0 && page.queues.every((queue) => queue.length === 0)) this.unframed = 0;
  }
}
