// Selectors as users write them for --extract, --follow, --item and handlers: CSS (with Scrapy's
// `::text` and `::attr(name)`) or XPath 1.0, either optionally ending in `::re(<pattern>)`,
// compiled once, checked at compile time, and evaluated many times against HtmlDocuments. Also
// the value rules that turn matches into strings.
import { compile, selectAll, selectOne } from 'css-select';
import { parse as parseCss, type Selector as CssToken } from 'css-what';
import type { AnyNode, Element, Text } from 'domhandler';
import { isComment, isText } from 'domhandler';
import { textContent } from 'domutils';
import { SelectorError } from '../errors/selector-error.js';
import type { HtmlDocument } from './html-document.js';
import { AttrView, isXPathAttribute, type XPathAttribute } from './xpath-dom.js';
import { compileXPath, xpathNumberString, type CompiledXPath } from './xpath-engine.js';
import { allMatches, compilePattern, firstMatchIn, splitRegexSuffix } from './regex.js';

/** One match of a selector: an element, a text node, an attribute, or an XPath string/number/boolean as a string. */
export type SelectorMatch = AnyNode | XPathAttribute | string;

export interface Selector {
  /** 'regex' for a bare `::re(...)`; a selector ending in `::re(...)` keeps the kind of its selector part. */
  readonly kind: 'css' | 'xpath' | 'regex';
  /** The expression as given (trimmed). */
  readonly source: string;
  /**
   * The first match's value, trimmed; null when nothing matches. Text nodes that are only
   * whitespace are skipped, so `td::text` on `<td>\n  <b>x</b> 12 kg</td>` gives "12 kg".
   * parsel's get() returns the first text node as it is: "\n  " there, untrimmed.
   */
  first(doc: HtmlDocument, context?: AnyNode): string | null;
  /**
   * Every match's value in document order, trimmed. An element gives all its descendant text, an
   * attribute its value, a text node its text, an XPath string/number/boolean its string form.
   * Text nodes that are only whitespace (the indentation between tags) are left out, where
   * parsel's getall() keeps them untrimmed. `first` is always `all()[0] ?? null`.
   */
  all(doc: HtmlDocument, context?: AnyNode): string[];
  /**
   * The raw matches in document order (elements, text nodes, attributes, or one string for a
   * scalar XPath). With `::re()`, the values `all` gives, as strings.
   */
  matches(doc: HtmlDocument, context?: AnyNode): SelectorMatch[];
}

/**
 * Compiles a CSS or XPath selector; `place` names where it came from (e.g. "--extract title") and
 * appears in the SelectorError thrown for a broken one. XPath when it starts with `/`, `./`, `../`,
 * `(`, `@`, a function call (`string(...)`, `normalize-space(...)`, `text()`) or an axis
 * (`descendant::a`): none of those is valid CSS. Anything else is CSS, optionally ending in
 * `::text` (the matched elements' own text nodes) or `::attr(name)`.
 */
export function compileSelector(expression: string, place: string): Selector {
  const source = expression.trim();
  if (source === '') throw new SelectorError(expression, place, 'empty selector');
  const re = splitRegexSuffix(source);
  if (re !== undefined) {
    const regex = compilePattern(re.pattern, source, place);
    return new RegexSelector(source, re.selector === '' ? undefined : compileBase(re.selector, place), regex);
  }
  return compileBase(source, place);
}

function compileBase(source: string, place: string): CssSelector | XPathSelector {
  return looksLikeXPath(source) ? new XPathSelector(source, compileXPath(source, place), place) : compileCss(source, place);
}

/**
 * Whether the selector's matches are nodes that can scope other selectors (an --item): CSS
 * without a pseudo-element, or XPath (whose node-set is only known on a page). False for
 * `::text`, `::attr()` and `::re()`.
 */
export function selectsNodes(selector: Selector): boolean {
  if (selector instanceof CssSelector) return selector.pseudo.kind === 'none';
  return selector instanceof XPathSelector;
}

// `/x`, `./x`, `../x`, `..`, `.`, `(...)`, `@attr`, `name(...)`, or an axis such as `descendant::a`.
const XPATH_START =
  /^(?:\.$|\/|\.\.?\/|\.\.|\(|@|[A-Za-z_][\w.-]*\s*\(|(?:ancestor|attribute|child|descendant|following|following-sibling|namespace|parent|preceding|preceding-sibling|self)(?:-or-self)?::)/;

/** The expression is XPath rather than CSS (see compileSelector). */
export function looksLikeXPath(source: string): boolean {
  return XPATH_START.test(source);
}

function isBlankText(node: SelectorMatch): boolean {
  return typeof node === 'object' && isText(node as AnyNode) && (node as Text).data.trim() === '';
}

function nodeValue(match: SelectorMatch): string {
  if (typeof match === 'string') return match;
  if (isXPathAttribute(match)) return match.value;
  if (isText(match) || isComment(match)) return match.data;
  return textContent(match);
}

// ---------------------------------------------------------------------------------------------
// XPath

class XPathSelector implements Selector {
  readonly kind = 'xpath';

  constructor(
    readonly source: string,
    private readonly compiled: CompiledXPath,
    private readonly place: string,
  ) {}

  first(doc: HtmlDocument, context?: AnyNode): string | null {
    const result = doc.evaluateViews(this.compiled, context, this.place);
    if (!Array.isArray(result)) return scalarString(result).trim();
    for (const view of result) {
      if (view instanceof AttrView) return view.value.trim();
      if (isBlankText(view.node)) continue;
      return nodeValue(view.node).trim();
    }
    return null;
  }

  all(doc: HtmlDocument, context?: AnyNode): string[] {
    return [...this.values(doc, context)];
  }

  matches(doc: HtmlDocument, context?: AnyNode): SelectorMatch[] {
    const result = doc.evaluate(this.compiled, context, this.place);
    return Array.isArray(result) ? result : [scalarString(result)];
  }

  /** The values `all` gives, one at a time (so `::re()` can stop at its first hit). */
  *values(doc: HtmlDocument, context?: AnyNode): Generator<string> {
    const result = doc.evaluateViews(this.compiled, context, this.place);
    if (!Array.isArray(result)) {
      yield scalarString(result).trim();
      return;
    }
    for (const view of result) {
      if (view instanceof AttrView) yield view.value.trim();
      else if (!isBlankText(view.node)) yield nodeValue(view.node).trim();
    }
  }
}

function scalarString(value: string | number | boolean): string {
  if (typeof value === 'number') return xpathNumberString(value);
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// CSS

type PseudoElement = { readonly kind: 'none' } | { readonly kind: 'text' } | { readonly kind: 'attr'; readonly name: string };
type Query = (element: Element) => boolean;

const TRAVERSALS = new Set(['adjacent', 'child', 'descendant', 'parent', 'sibling', 'column-combinator']);

function compileCss(source: string, place: string): CssSelector {
  let groups: CssToken[][];
  try {
    groups = parseCss(source);
  } catch (error) {
    throw new SelectorError(source, place, `CSS syntax error: ${(error as Error).message}`, { cause: error });
  }
  let pseudo: PseudoElement | undefined;
  for (const group of groups) {
    const own = takePseudoElement(group, source, place);
    if (pseudo !== undefined && !samePseudo(pseudo, own)) {
      throw new SelectorError(source, place, 'every comma-separated part must end in the same pseudo-element');
    }
    pseudo = own;
    const last = group[group.length - 1];
    if (last === undefined) throw new SelectorError(source, place, 'empty selector before a pseudo-element');
    if (TRAVERSALS.has(last.type)) throw new SelectorError(source, place, 'selector ends with a combinator');
  }
  if (pseudo === undefined) throw new SelectorError(source, place, 'empty selector');
  // `a::attr(href)` matches only elements that have the attribute, so selectOne can stop at the first.
  if (pseudo.kind === 'attr') {
    for (const group of groups) {
      group.push({ type: 'attribute', name: pseudo.name, action: 'exists', value: '', ignoreCase: null, namespace: null } as CssToken);
    }
  }
  let query: Query;
  try {
    query = compile<AnyNode, Element>(groups, { xmlMode: false });
  } catch (error) {
    throw new SelectorError(source, place, (error as Error).message, { cause: error });
  }
  return new CssSelector(source, query, pseudo);
}

// Removes a trailing ::text / ::attr(name) from the group and says which it was.
function takePseudoElement(group: CssToken[], source: string, place: string): PseudoElement {
  const index = group.findIndex((token) => token.type === 'pseudo-element');
  if (index === -1) return { kind: 'none' };
  const token = group[index] as CssToken & { name: string; data: string | null };
  if (index !== group.length - 1) {
    throw new SelectorError(source, place, `::${token.name} must come at the end of the selector`);
  }
  group.pop();
  if (token.name === 'text' && token.data === null) return { kind: 'text' };
  if (token.name === 'attr') {
    const name = (token.data ?? '').trim().toLowerCase();
    if (name === '') throw new SelectorError(source, place, '::attr() needs an attribute name');
    return { kind: 'attr', name };
  }
  throw new SelectorError(source, place, `unsupported pseudo-element ::${token.name} (use ::text or ::attr(name))`);
}

function samePseudo(a: PseudoElement, b: PseudoElement): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'attr' || a.name === (b as { name: string }).name;
}

class CssSelector implements Selector {
  readonly kind = 'css';

  constructor(
    readonly source: string,
    private readonly query: Query,
    readonly pseudo: PseudoElement,
  ) {}

  first(doc: HtmlDocument, context?: AnyNode): string | null {
    const scope = context ?? doc.root;
    const pseudo = this.pseudo;
    if (pseudo.kind === 'text') {
      for (const element of selectAll<AnyNode, Element>(this.query, scope)) {
        for (const child of element.children) if (isText(child) && child.data.trim() !== '') return child.data.trim();
      }
      return null;
    }
    const element = selectOne<AnyNode, Element>(this.query, scope);
    if (element === null) return null;
    return pseudo.kind === 'attr' ? (element.attribs[pseudo.name] ?? '').trim() : textContent(element).trim();
  }

  all(doc: HtmlDocument, context?: AnyNode): string[] {
    return [...this.values(doc, context)];
  }

  /** The values `all` gives, one at a time (so `::re()` can stop at its first hit). */
  *values(doc: HtmlDocument, context?: AnyNode): Generator<string> {
    const elements = selectAll<AnyNode, Element>(this.query, context ?? doc.root);
    const pseudo = this.pseudo;
    for (const element of elements) {
      if (pseudo.kind === 'none') yield textContent(element).trim();
      else if (pseudo.kind === 'attr') yield (element.attribs[pseudo.name] ?? '').trim();
      else for (const child of element.children) if (isText(child) && child.data.trim() !== '') yield child.data.trim();
    }
  }

  matches(doc: HtmlDocument, context?: AnyNode): SelectorMatch[] {
    const elements = selectAll<AnyNode, Element>(this.query, context ?? doc.root);
    const pseudo = this.pseudo;
    if (pseudo.kind === 'none') return elements;
    if (pseudo.kind === 'attr') {
      return elements.map((element) => ({
        type: 'attribute' as const,
        name: pseudo.name,
        value: element.attribs[pseudo.name] ?? '',
        ownerElement: element,
      }));
    }
    const texts: SelectorMatch[] = [];
    for (const element of elements) for (const child of element.children) if (isText(child)) texts.push(child);
    return texts;
  }
}
// ---------------------------------------------------------------------------------------------
// ::re()

/**
 * `selector::re(pattern)`: the pattern over the selector's values in order (Scrapy's `.re()` and
 * `.re_first()`). A bare `::re(pattern)` reads the page's source text, or, inside a context node
 * (an --item), that node's text content, trimmed.
 */
class RegexSelector implements Selector {
  readonly kind: 'css' | 'xpath' | 'regex';

  constructor(
    readonly source: string,
    private readonly base: CssSelector | XPathSelector | undefined,
    readonly regex: RegExp,
  ) {
    this.kind = base?.kind ?? 'regex';
  }

  first(doc: HtmlDocument, context?: AnyNode): string | null {
    return firstMatchIn(this.regex, this.texts(doc, context));
  }

  all(doc: HtmlDocument, context?: AnyNode): string[] {
    const out: string[] = [];
    for (const text of this.texts(doc, context)) out.push(...allMatches(this.regex, text));
    return out;
  }

  matches(doc: HtmlDocument, context?: AnyNode): SelectorMatch[] {
    return this.all(doc, context);
  }

  private texts(doc: HtmlDocument, context: AnyNode | undefined): Iterable<string> {
    if (this.base !== undefined) return this.base.values(doc, context);
    if (context !== undefined) return [nodeValue(context).trim()];
    return [doc.source ?? textContent(doc.root)];
  }
}
