// The declarative crawl's fast path: item fields and links from one SAX pass of htmlparser2 over
// the page, with no DOM. parseHtml builds some 500 KB of short-lived nodes for a 15 KB page; a
// crawl that only reads two values and the links throws nearly all of it away, and on long crawls
// that garbage (promoted by V8's small young generation) costs more than the parsing.
//
// Every answer must equal the DOM path's (compileSelector(...).first(parseHtml(...)) and
// HtmlDocument.links), so the pass mirrors what DomHandler would build from the same Parser events:
//   onopentag  -> a child element of the innermost open one (void and implied tags included:
//                 htmlparser2 reports every element it closes, implied or not, to onclosetag)
//   onclosetag -> the innermost open element ends
//   ontext     -> text; consecutive text events make ONE text node, which ends at any tag,
//                 comment (CDATA is a comment in HTML mode) or processing instruction
// Selectors outside stream-selector.ts's subset make compileStreamRules return undefined.
import { BoundedParser } from './bounded-parser.js';
import { resolveLinks } from './stream-links.js';
import { compileStreamSelector, type OpenElement, type StreamSelector } from './stream-selector.js';

export interface StreamRules {
  readonly fields: readonly { readonly name: string; readonly selector: StreamSelector }[];
  /** undefined: every `a[href]`, as HtmlDocument.links() without a selector. */
  readonly follow: StreamSelector | undefined;
}

export interface StreamOutput {
  /** Each field's first match, as Selector.first gives it; null when nothing matches. */
  readonly fields: Record<string, string | null>;
  /** Exactly HtmlDocument.links(follow): absolute http(s), no fragments, each once, document order. */
  readonly links: string[];
}

/**
 * Compiles item fields and the follow selector for streamExtract; undefined when any of them is
 * outside the streamable subset (see compileStreamSelector), and the page must be parsed into a
 * DOM instead. Selectors that do not compile at all also give undefined: compileSelector is the
 * one that reports them.
 */
export function compileStreamRules(
  fields: readonly { readonly name: string; readonly source: string }[],
  follow: string | undefined,
): StreamRules | undefined {
  const compiled: { name: string; selector: StreamSelector }[] = [];
  for (const { name, source } of fields) {
    const selector = compileStreamSelector(source);
    if (selector === undefined) return undefined;
    compiled.push({ name, selector });
  }
  if (follow === undefined) return { fields: compiled, follow: undefined };
  const followSelector = compileStreamSelector(follow);
  return followSelector === undefined ? undefined : { fields: compiled, follow: followSelector };
}

/** Reads the fields and links of `html` (the page at absolute `url`) in one pass, without a DOM. */
export function streamExtract(rules: StreamRules, html: string, url: string): StreamOutput {
  const pass = new ExtractPass(rules);
  new BoundedParser(pass, { decodeEntities: true }).end(html);
  pass.flush();
  const fields: Record<string, string | null> = {};
  rules.fields.forEach(({ name }, i) => {
    fields[name] = pass.values[i] ?? null;
  });
  return { fields, links: resolveLinks(pass.rawLinks, pass.baseHref, url) };
}

/** A matched element of a `::text` field: its first non-blank own text node, once seen. */
class TextCandidate {
  value: string | undefined = undefined;
  closed = false;
  constructor(readonly field: number) {}
}

/** The text content of a field's first matched element, growing until the element ends. */
interface Capture {
  readonly field: number;
  text: string;
}

/** Receives the element's own text nodes: a `::text` field candidate, or `::text` link values. */
type TextSink = TextCandidate | string[];

class Frame implements OpenElement {
  readonly type = 'tag';
  sinks: TextSink[] | null = null;
  captures: Capture[] | null = null;
  constructor(
    readonly name: string,
    readonly attribs: Record<string, string>,
    readonly parent: Frame | null,
  ) {}
}

/** The Parser callbacks (htmlparser2 Handler) and the state of one pass. */
class ExtractPass {
  /** Per field: undefined while undecided. */
  readonly values: (string | undefined)[];
  /** Hrefs as written, in the order HtmlDocument.links adds them; a nested array holds one element's `::text` values. */
  readonly rawLinks: (string | string[])[] = [];
  baseHref: string | undefined = undefined;
  private top: Frame | null = null;
  /** Fields still tested against each new element. */
  private readonly testing: boolean[];
  private testingCount: number;
  /** `::text` fields: matched elements in document order; the first with own text wins. */
  private readonly queues: TextCandidate[][];
  private readonly heads: number[];
  private captures: Capture[] = [];
  /** The text node being read, when its element has sinks. */
  private run = '';
  private undecided: number;
  /**
   * -1 while elements need frames. Once every field has its value and links come from the default
   * `a[href]` (no selector to test), the rest of the page needs no ancestors: elements are only
   * counted, which spares most of a page's frames when the fields sit near its top.
   */
  private unframed = -1;

  constructor(private readonly rules: StreamRules) {
    const count = rules.fields.length;
    this.values = new Array<string | undefined>(count).fill(undefined);
    this.testing = new Array<boolean>(count).fill(true);
    this.testingCount = count;
    this.undecided = count;
    if (count === 0 && rules.follow === undefined) this.unframed = 0;
    this.queues = Array.from({ length: count }, () => []);
    this.heads = new Array<number>(count).fill(0);
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
    if (this.testingCount > 0) this.testFields(frame);
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
      for (const capture of ended) this.decide(capture.field, capture.text.trim());
      this.captures = this.captures.filter((capture) => !ended.includes(capture));
    }
    if (frame.sinks !== null) {
      for (const sink of frame.sinks) {
        if (sink instanceof TextCandidate) {
          sink.closed = true;
          this.settle(sink.field);
        }
      }
    }
  }

  ontext(data: string): void {
    if (this.unframed >= 0) return;
    const captures = this.captures;
    for (let i = 0; i < captures.length; i += 1) (captures[i] as Capture).text += data;
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
      } else if (sink.value === undefined && this.values[sink.field] === undefined) {
        const trimmed = data.trim();
        if (trimmed !== '') {
          sink.value = trimmed;
          this.settle(sink.field);
        }
      }
    }
  }

  private testFields(frame: Frame): void {
    const fields = this.rules.fields;
    for (let i = 0; i < fields.length; i += 1) {
      if (!this.testing[i]) continue;
      const selector = (fields[i] as { selector: StreamSelector }).selector;
      if (!selector.test(frame)) continue;
      const pseudo = selector.pseudo;
      if (pseudo.kind === 'attr') {
        this.decide(i, (frame.attribs[pseudo.name] ?? '').trim());
      } else if (pseudo.kind === 'none') {
        // The first match is the answer, even if its text turns out empty: stop testing now.
        this.stopTesting(i);
        const capture: Capture = { field: i, text: '' };
        this.captures.push(capture);
        (frame.captures ??= []).push(capture);
      } else {
        const candidate = new TextCandidate(i);
        (this.queues[i] as TextCandidate[]).push(candidate);
        (frame.sinks ??= []).push(candidate);
      }
    }
  }

  // A `::text` field is decided by the earliest matched element (document order, as selectAll
  // gives them) that has a non-blank own text node; an earlier one still open may yet get one.
  private settle(field: number): void {
    if (this.values[field] !== undefined) return;
    const queue = this.queues[field] as TextCandidate[];
    let head = this.heads[field] as number;
    while (head < queue.length) {
      const candidate = queue[head] as TextCandidate;
      if (candidate.value !== undefined) {
        this.decide(field, candidate.value);
        queue.length = 0;
        head = 0;
        break;
      }
      if (!candidate.closed) break;
      head += 1;
    }
    this.heads[field] = head;
  }

  private decide(field: number, value: string): void {
    if (this.values[field] !== undefined) return;
    this.values[field] = value;
    this.stopTesting(field);
    this.undecided -= 1;
    if (this.undecided === 0 && this.rules.follow === undefined) this.unframed = 0;
  }

  private stopTesting(field: number): void {
    if (!this.testing[field]) return;
    this.testing[field] = false;
    this.testingCount -= 1;
  }
}
