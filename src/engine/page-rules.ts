// The declarative rules of `trawl crawl` as pure functions over a page's text, so the same code
// runs on the main thread or in a parse worker (see parse-pool.ts). When every selector is in
// the streamable subset the page is read in one SAX pass (parse/stream-extract.ts), which gives
// the same answers as the DOM with a fraction of the garbage; otherwise it is parsed into a DOM.
import { OptionError } from '../errors/option-error.js';
import { parseHtml } from '../parse/html-document.js';
import { compileSelector, type Selector } from '../parse/selector.js';
import { compileStreamRules, streamExtract, type StreamRules } from '../parse/stream-extract.js';

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
  /** The same rules for one SAX pass, when every selector allows it. */
  readonly stream: StreamRules | undefined;
}

export interface PageOutput {
  readonly item: Record<string, unknown> | null;
  /** Absolute same-origin URLs to follow. */
  readonly links: string[];
}

/** Compiles the rules, failing at once (SelectorError, OptionError for a bad regex) with the option named. */
export function compilePageRules(rules: CrawlRules): PageRules {
  const extract = (rules.extract ?? []).map(({ name, selector }) => ({ name, selector: compileSelector(selector, `--extract ${name}`) }));
  return {
    follow: rules.follow === undefined ? undefined : compileSelector(rules.follow, '--follow'),
    match: rules.match === undefined ? undefined : compileRegex(rules.match),
    extract,
    stream: compileStreamRules(
      (rules.extract ?? []).map(({ name, selector }) => ({ name, source: selector })),
      rules.follow,
    ),
  };
}

/** Whether the page at `url` produces an item. */
export function wantsItem(rules: PageRules, url: string): boolean {
  return rules.extract.length > 0 && (!rules.match || rules.match.test(url));
}

/** The item (or null) and the same-origin links of the page at `url` whose text is `html`. */
export function applyPageRules(rules: PageRules, html: string, url: string): PageOutput {
  const origin = `${new URL(url).origin}/`;
  const item: Record<string, unknown> | null = wantsItem(rules, url) ? { url } : null;
  if (rules.stream) {
    const { fields, links } = streamExtract(rules.stream, html, url);
    if (item) for (const { name } of rules.extract) item[name] = own(fields[name] ?? null);
    return { item, links: links.filter((link) => link.startsWith(origin)) };
  }
  const doc = parseHtml(html, url);
  if (item) for (const { name, selector } of rules.extract) item[name] = own(selector.first(doc));
  return { item, links: doc.links(rules.follow).filter((link) => link.startsWith(origin)) };
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
