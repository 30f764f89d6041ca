// The declarative rules of `trawl crawl` as pure functions over a parsed page, so the same code
// runs on the main thread or in a parse worker (see parse-pool.ts).
import { OptionError } from '../errors/option-error.js';
import type { HtmlDocument } from '../parse/html-document.js';
import { compileSelector, type Selector } from '../parse/selector.js';

export interface CrawlRules {
  /** Which links to follow; CSS (with ::attr) or XPath. @default every `a[href]` */
  readonly follow?: string;
  /** Page URLs (final, after redirects) that produce items. @default every page */
  readonly match?: string;
  /** Item fields: name -> selector. Every item also has `url`. */
  readonly extract?: readonly { readonly name: string; readonly selector: string }[];
}

export interface PageRules {
  readonly follow: Selector | undefined;
  readonly match: RegExp | undefined;
  readonly extract: readonly { readonly name: string; readonly selector: Selector }[];
}

export interface PageOutput {
  readonly item: Record<string, unknown> | null;
  /** Absolute same-origin URLs to follow. */
  readonly links: string[];
}

/** Compiles the rules, failing at once (SelectorError, OptionError for a bad regex) with the option named. */
export function compilePageRules(rules: CrawlRules): PageRules {
  return {
    follow: rules.follow === undefined ? undefined : compileSelector(rules.follow, '--follow'),
    match: rules.match === undefined ? undefined : compileRegex(rules.match),
    extract: (rules.extract ?? []).map(({ name, selector }) => ({ name, selector: compileSelector(selector, `--extract ${name}`) })),
  };
}

/** Whether the page at `url` produces an item. */
export function wantsItem(rules: PageRules, url: string): boolean {
  return rules.extract.length > 0 && (!rules.match || rules.match.test(url));
}

export function applyPageRules(rules: PageRules, doc: HtmlDocument, url: string): PageOutput {
  let item: Record<string, unknown> | null = null;
  if (wantsItem(rules, url)) {
    item = { url };
    for (const { name, selector } of rules.extract) item[name] = own(selector.first(doc));
  }
  const origin = `${new URL(url).origin}/`;
  const links = doc.links(rules.follow).filter((link) => link.startsWith(origin));
  return { item, links };
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
