// The part of CSS that can be answered while an HTML page streams past: compound selectors
// (type, `*`, `.class`, `#id`, attribute tests) joined by descendant and child combinators, in a
// list, with Scrapy's trailing `::text` / `::attr(name)`. Each of these depends only on an element
// and its ancestors, which are all known when the element's start tag arrives, so a selector is
// decided at that moment. Anything else (pseudo-classes, sibling combinators, namespaces, XPath)
// is refused with undefined and the caller builds the DOM instead.
//
// The test itself is css-select's compiled query, run over OpenElement records shaped like
// domhandler elements (type, name, attribs, parent): attribute case rules, the `i`/`s` flags and
// every attribute operator then behave exactly as in compileSelector, with nothing re-implemented.
import { compile } from 'css-select';
import { parse as parseCss, type Selector as CssToken } from 'css-what';
import { looksLikeXPath } from './selector.js';

/** What a selector yields from a matched element, as in selector.ts. */
export type StreamPseudo = { readonly kind: 'none' } | { readonly kind: 'text' } | { readonly kind: 'attr'; readonly name: string };

/**
 * An element whose start tag has been seen. The fields css-select reads (type, name, attribs,
 * parent) mirror a domhandler Element; `parent` is null at the top level, where the DOM has the
 * Document (not an element, so css-select stops there too).
 */
export interface OpenElement {
  readonly type: 'tag';
  readonly name: string;
  readonly attribs: Record<string, string>;
  readonly parent: OpenElement | null;
}

export interface StreamSelector {
  /** The expression as given (trimmed). */
  readonly source: string;
  readonly pseudo: StreamPseudo;
  /** Whether the element matches, judged from it and its ancestors alone. */
  readonly test: (element: OpenElement) => boolean;
}

const COMBINATORS = new Set(['descendant', 'child']);
const TRAVERSALS = new Set(['adjacent', 'child', 'descendant', 'parent', 'sibling', 'column-combinator']);

/**
 * Compiles `expression` when it is CSS inside the streamable subset, else undefined: XPath, a
 * syntax error (compileSelector reports those), pseudo-classes, `+`/`~`/`<`/`||` combinators,
 * namespaces, a relative selector (`> a`), or a pseudo-element other than a trailing ::text or
 * ::attr(name) shared by every comma-separated part (the rules compileSelector enforces).
 */
export function compileStreamSelector(expression: string): StreamSelector | undefined {
  const source = expression.trim();
  if (source === '' || looksLikeXPath(source)) return undefined;
  let groups: CssToken[][];
  try {
    groups = parseCss(source);
  } catch {
    return undefined;
  }
  let pseudo: StreamPseudo | undefined;
  for (const group of groups) {
    const own = takePseudoElement(group);
    if (own === undefined || (pseudo !== undefined && !samePseudo(pseudo, own))) return undefined;
    pseudo = own;
    if (!streamable(group)) return undefined;
  }
  if (pseudo === undefined) return undefined;
  // As compileCss does: `x::attr(n)` matches only elements that have n.
  if (pseudo.kind === 'attr') {
    for (const group of groups) {
      group.push({ type: 'attribute', name: pseudo.name, action: 'exists', value: '', ignoreCase: null, namespace: null } as CssToken);
    }
  }
  let query: (element: OpenElement) => boolean;
  try {
    query = compile(groups, { xmlMode: false }) as unknown as (element: OpenElement) => boolean;
  } catch {
    return undefined;
  }
  return { source, pseudo, test: query };
}

// Removes a trailing ::text / ::attr(name) from the group; undefined when the pseudo-element is
// misplaced or unknown (compileSelector throws for those).
function takePseudoElement(group: CssToken[]): StreamPseudo | undefined {
  const index = group.findIndex((token) => token.type === 'pseudo-element');
  if (index === -1) return { kind: 'none' };
  if (index !== group.length - 1) return undefined;
  const token = group.pop() as CssToken & { name: string; data: string | null };
  if (token.name === 'text' && token.data === null) return { kind: 'text' };
  if (token.name === 'attr') {
    const name = (token.data ?? '').trim().toLowerCase();
    return name === '' ? undefined : { kind: 'attr', name };
  }
  return undefined;
}

function samePseudo(a: StreamPseudo, b: StreamPseudo): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'attr' || a.name === (b as { name: string }).name;
}

// Element tests and the two ancestor combinators only; never starting or ending with a combinator.
function streamable(group: readonly CssToken[]): boolean {
  const first = group[0];
  const last = group[group.length - 1];
  if (first === undefined || last === undefined) return false;
  if (TRAVERSALS.has(first.type) || TRAVERSALS.has(last.type)) return false;
  for (const token of group) {
    switch (token.type) {
      case 'tag':
      case 'universal':
      case 'attribute':
        if (token.namespace !== null) return false;
        break;
      default:
        if (!COMBINATORS.has(token.type)) return false;
    }
  }
  return true;
}
