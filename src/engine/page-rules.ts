// The declarative rules of `trawl crawl` as pure functions over a page's text, so the same code
// runs on the main thread or in a parse worker (see parse-pool.ts). When every selector is in
// the streamable subset the page is read in one SAX pass (parse/stream-extract.ts), which gives
// the same answers as the DOM with a fraction of the garbage; otherwise it is parsed into a DOM.
import { isTag, type AnyNode } from 'domhandler';
import { OptionError } from '../errors/option-error.js';
import { SelectorError } from '../errors/selector-error.js';
import { parseHtml } from '../parse/html-document.js';
import { compileSelector, selectsNodes, type Selector } from '../parse/selector.js';
import { compileStreamRules, streamExtract, type StreamRules } from '../parse/stream-extract.js';
import { compileHostRules, type HostRules } from './host-rules.js';

export interface CrawlRules {
  /** Which links to follow; CSS (with ::attr) or XPath. @default every `a[href]` */
  readonly follow?: string;
  /** Page URLs (final, after redirects) that produce items. @default every page */
  readonly match?: string;
  /**
   * Each element this selects (CSS, or XPath) is one item, its fields read relative to it: CSS
   * among its descendants, XPath with it as the context node (`./td[1]`).
   * @default the page is one item
   */
  readonly item?: string;
  /** Item fields: name -> selector. Every item also has `url`. */
  readonly extract?: readonly { readonly name: string; readonly selector: string }[];
  /**
   * Hosts links may lead to (glob, exact host or /regex/; see host-rules.ts). Given, they replace
   * the same-origin rule. @default the page's own origin only
   */
  readonly allowHosts?: readonly string[];
  /** Hosts links never lead to. @default none */
  readonly denyHosts?: readonly string[];
}

export interface PageRules {
  readonly follow: Selector | undefined;
  readonly match: RegExp | undefined;
  readonly item: Selector | undefined;
  readonly extract: readonly { readonly name: string; readonly selector: Selector }[];
  readonly hosts: HostRules;
  /** The same rules for one SAX pass, when every selector allows it. */
  readonly stream: StreamRules | undefined;
}

export interface PageOutput {
  /** The page's items: none, one per page, or one per --item match. */
  readonly items: Record<string, unknown>[];
  /** True when the page was to give items and the item selector matched nothing on it. */
  readonly itemMissed: boolean;
  /** Absolute URLs to follow: same origin, or on the allowed hosts. */
  readonly links: string[];
}

/** Compiles the rules, failing at once (SelectorError, OptionError for a bad regex or host pattern) with the option named. */
export function compilePageRules(rules: CrawlRules): PageRules {
  const extract = (rules.extract ?? []).map(({ name, selector }) => ({ name, selector: compileSelector(selector, `--extract ${name}`) }));
  const item = rules.item === undefined ? undefined : compileSelector(rules.item, '--item');
  if (item !== undefined && !selectsNodes(item)) {
    throw new SelectorError(item.source, '--item', 'an item selector must select elements (no ::text, ::attr() or ::re())');
  }
  return {
    follow: rules.follow === undefined ? undefined : compileSelector(rules.follow, '--follow'),
    match: rules.match === undefined ? undefined : compileRegex(rules.match),
    item,
    extract,
    hosts: compileHostRules({ allow: rules.allowHosts ?? [], deny: rules.denyHosts ?? [] }),
    stream: compileStreamRules(
      (rules.extract ?? []).map(({ name, selector }) => ({ name, source: selector })),
      rules.follow,
      rules.item,
    ),
  };
}

/** Whether the page at `url` produces items. */
export function wantsItem(rules: PageRules, url: string): boolean {
  return rules.extract.length > 0 && (!rules.match || rules.match.test(url));
}

/** The items and the links to follow of the page at `url` whose text is `html`. */
export function applyPageRules(rules: PageRules, html: string, url: string): PageOutput {
  const wanted = wantsItem(rules, url);
  if (rules.stream) {
    const { fields, items, links } = streamExtract(rules.stream, html, url);
    const records = !wanted ? [] : items === undefined ? [fields] : items;
    return {
      items: records.map((record) => toItem(url, rules, (name) => record[name] ?? null)),
      itemMissed: wanted && items !== undefined && items.length === 0,
      links: followable(rules, url, links),
    };
  }
  const doc = parseHtml(html, url);
  const out: Record<string, unknown>[] = [];
  let itemMissed = false;
  if (wanted) {
    const scopes: (AnyNode | undefined)[] = rules.item === undefined ? [undefined] : rules.item.matches(doc).filter(isNode);
    itemMissed = scopes.length === 0;
    for (const scope of scopes) {
      const values = new Map(rules.extract.map(({ name, selector }) => [name, selector.first(doc, scope)]));
      out.push(toItem(url, rules, (name) => values.get(name) ?? null));
    }
  }
  return { items: out, itemMissed, links: followable(rules, url, doc.links(rules.follow)) };
}

function isNode(match: unknown): match is AnyNode {
  return typeof match === 'object' && match !== null && isTag(match as AnyNode);
}

function toItem(url: string, rules: PageRules, value: (name: string) => string | null): Record<string, unknown> {
  const item: Record<string, unknown> = { url };
  for (const { name } of rules.extract) item[name] = own(value(name));
  return item;
}

/** Same-origin links, or, with allowed hosts, links to them; never to a denied host. */
function followable(rules: PageRules, url: string, links: readonly string[]): string[] {
  const hosts = rules.hosts;
  if (hosts.widens) return links.filter((link) => hosts.allows(link));
  const origin = `${new URL(url).origin}/`;
  return links.filter((link) => link.startsWith(origin) && (hosts.empty || hosts.allows(link)));
}

/**
 * A copy of `value` that does not share memory with the page's text. Values from the parser are
 * slices of the whole page: keeping one small slice alive would keep the whole page alive.
 */
function own(value: string | null): string | null {
  return value === null ? null : Buffer.from(value, 'utf8').toString('utf8');
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new OptionError('--match', source, `not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
}
