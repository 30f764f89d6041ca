// One parsed HTML page and every way to query it. The page is parsed once, with htmlparser2, into
// a domhandler tree; cheerio ($), css-select and XPath all run over that same tree, so a node found
// one way can be used with the others. htmlparser2 (not parse5) because it keeps the tree as
// written, like lxml: no implicit <tbody>, so XPath copied from lxml/Scrapy code works unchanged.
import type { CheerioAPI } from 'cheerio';
import { lazyRequire } from '../util/lazy-require.js';
import type { AnyNode, Document, Element } from 'domhandler';
import { isTag, isText } from 'domhandler';
import { parseDocumentBounded } from './bounded-parser.js';
import { resolveHttpUrl } from '../util/url.js';
import { compileXPath, evaluateXPath, evaluateRaw, type CompiledXPath, type XPathValue } from './xpath-engine.js';
import { type AttrView, isXPathAttribute, type NodeView, ViewCache } from './xpath-dom.js';
import { compileSelector, type Selector } from './selector.js';

/** cheerio is loaded on first use of `$`: declarative crawls and XPath never need it. */
const cheerio = lazyRequire<typeof import('cheerio/slim')>('cheerio/slim');

const LINK_SELECTOR_LIMIT = 64;
const linkSelectors = new Map<string, Selector>();

/** Parses `html` once. `url` is the page's absolute URL; relative links resolve against it (or its <base href>). */
export function parseHtml(html: string, url: string): HtmlDocument {
  return new HtmlDocument(parseDocumentBounded(html, { decodeEntities: true }), url, html);
}

export class HtmlDocument {
  private cheerio: CheerioAPI | undefined;
  private views: ViewCache | undefined;
  private base: string | undefined;
  private baseValid: boolean | undefined;
  private xpathContext: AnyNode | undefined;

  constructor(
    /** The domhandler Document: the tree cheerio, CSS and XPath all use. */
    readonly root: Document,
    /** The page's own URL. */
    readonly url: string,
    /** The text the tree was parsed from, which a bare `::re()` reads; without it, the tree's text. */
    readonly source?: string,
  ) {}

  /** The URL relative links resolve against: the first <base href>, resolved against `url`, else `url`. */
  get baseUrl(): string {
    if (this.base === undefined) this.base = findBase(this.root, this.url);
    return this.base;
  }

  /**
   * A cheerio API over this document's tree, created on first use. Leave it unused where compiled
   * selectors do: cheerio's load() defines a class each call, and in V8 that costs more than the
   * load itself (the next pages parse about twice as slowly; see bench/parse-throughput.ts).
   */
  get $(): CheerioAPI {
    this.cheerio ??= cheerio().load(this.root);
    return this.cheerio;
  }

  /**
   * Evaluates an XPath 1.0 expression. Without `context`, a path starting with `/` runs from the
   * document and any other expression (`./x`, `x`, `(...)`) from the <html> element, as lxml and
   * parsel do with a parsed page. Throws SelectorError for a broken expression.
   */
  xpath(expression: string, context?: AnyNode): XPathValue {
    return this.evaluate(compileXPath(expression, 'xpath()'), context, 'xpath()');
  }

  /** @internal evaluates an expression already compiled by compileXPath. */
  evaluate(compiled: CompiledXPath, context: AnyNode | undefined, place: string): XPathValue {
    return evaluateXPath(compiled, this.viewCache(), context ?? this.defaultContext(), place);
  }

  /** @internal as evaluate, with node-sets left as engine views. */
  evaluateViews(
    compiled: CompiledXPath,
    context: AnyNode | undefined,
    place: string,
  ): Array<NodeView | AttrView> | string | number | boolean {
    return evaluateRaw(compiled, this.viewCache(), context ?? this.defaultContext(), place);
  }

  /**
   * Absolute http(s) URLs of the page's links in document order, resolved against `baseUrl`,
   * without fragments, each once. By default from every `a[href]`; with a selector (CSS or XPath
   * source, or a compiled Selector), from what it matches: an element gives its href attribute, an
   * attribute, a text node or an XPath string gives its value.
   * mailto:, javascript:, data: and links to a fragment of this page (`#top`) are left out.
   */
  links(selector?: string | Selector): string[] {
    // Keyed by the raw href too: nav bars repeat the same href, and URL parsing is the costly part.
    const hrefs = new Set<string>();
    const seen = new Set<string>();
    const out: string[] = [];
    const add = (href: string | undefined): void => {
      if (href === undefined || hrefs.has(href)) return;
      hrefs.add(href);
      const absolute = this.resolve(href);
      if (absolute !== null && !seen.has(absolute)) {
        seen.add(absolute);
        out.push(absolute);
      }
    };
    if (selector === undefined) {
      forEachElement(this.root, (element) => {
        if (element.name === 'a') add(element.attribs.href);
      });
      return out;
    }
    const compiled = typeof selector === 'string' ? linkSelector(selector) : selector;
    for (const match of compiled.matches(this)) {
      if (typeof match === 'string') add(match);
      else if (isXPathAttribute(match)) add(match.value);
      else if (isTag(match)) add(match.attribs.href);
      else if (isText(match)) add(match.data);
    }
    return out;
  }

  /** Resolves one href against `baseUrl`: null when empty, fragment-only or not http(s). */
  resolve(href: string): string | null {
    const trimmed = href.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return null;
    // A string base is faster than a URL object here: Node re-serialises a URL base on every call.
    this.baseValid ??= safeUrl(this.baseUrl) !== null;
    // With no usable base only absolute hrefs resolve, each against itself.
    if (!this.baseValid) return isAbsoluteHttp(trimmed) ? resolveHttpUrl(trimmed, trimmed) : null;
    return resolveHttpUrl(trimmed, this.baseUrl);
  }

  private viewCache(): ViewCache {
    this.views ??= new ViewCache();
    return this.views;
  }

  private defaultContext(): AnyNode {
    if (this.xpathContext === undefined) {
      const html = this.root.children.find((child) => isTag(child) && child.name === 'html');
      this.xpathContext = html ?? this.root;
    }
    return this.xpathContext;
  }
}

function safeUrl(input: string): URL | null {
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

function isAbsoluteHttp(href: string): boolean {
  return /^https?:/i.test(href);
}

function linkSelector(source: string): Selector {
  let selector = linkSelectors.get(source);
  if (selector === undefined) {
    selector = compileSelector(source, 'links()');
    if (linkSelectors.size >= LINK_SELECTOR_LIMIT) linkSelectors.clear();
    linkSelectors.set(source, selector);
  }
  return selector;
}

function findBase(root: Document, url: string): string {
  let base: string | null = null;
  forEachElement(root, (element) => {
    if (element.name !== 'base' || element.attribs.href === undefined) return false;
    base = safeUrl(url) === null ? null : resolveHttpUrl(element.attribs.href, url);
    return true;
  });
  return base ?? url;
}

/** Visits elements in document order until `visit` returns true; no recursion, so deep pages cannot overflow the stack. */
function forEachElement(root: Document, visit: (element: Element) => boolean | void): void {
  const stack: AnyNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i -= 1) stack.push(root.children[i] as AnyNode);
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!isTag(node)) continue;
    if (visit(node) === true) return;
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i] as AnyNode);
  }
}
