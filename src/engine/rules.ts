// Declarative crawling (`trawl crawl --follow --match --extract`) compiled to an ordinary
// handler, so it runs through exactly the same engine as a spider module.
import { SelectorError } from '../errors/selector-error.js';
import type { HtmlDocument } from '../parse/html-document.js';
import { compileSelector, type Selector } from '../parse/selector.js';
import type { Handler } from './handler.js';
import type { PageContext } from './context.js';

export interface CrawlRules {
  /** Which links to follow; CSS (with ::attr) or XPath. @default every `a[href]` */
  readonly follow?: string;
  /** Page URLs (final, after redirects) that produce items. @default every page */
  readonly match?: string;
  /** Item fields: name -> selector. Every item also has `url`. */
  readonly extract?: readonly { readonly name: string; readonly selector: string }[];
}

export interface CompiledRules {
  readonly fields: readonly string[];
  readonly handler: Handler;
}

/** Compiles the rules, failing at once (SelectorError / bad regex) with the option named. */
export function compileRules(rules: CrawlRules): CompiledRules {
  const follow = rules.follow === undefined ? undefined : compileSelector(rules.follow, '--follow');
  const match = rules.match === undefined ? undefined : compileRegex(rules.match);
  const extract = (rules.extract ?? []).map(({ name, selector }) => ({
    name,
    selector: compileSelector(selector, `--extract ${name}`),
  }));
  const handler: Handler = (context) => {
    const page = context as PageContext;
    const doc = page.document;
    const url = page.response.url;
    if (extract.length > 0 && (!match || match.test(url))) page.push(extractItem(doc, url, extract));
    page.enqueue(sameOriginLinks(doc, url, follow));
  };
  return { fields: ['url', ...extract.map((field) => field.name)], handler };
}

function extractItem(doc: HtmlDocument, url: string, fields: readonly { name: string; selector: Selector }[]): Record<string, unknown> {
  const item: Record<string, unknown> = { url };
  for (const { name, selector } of fields) item[name] = selector.first(doc);
  return item;
}

function sameOriginLinks(doc: HtmlDocument, url: string, follow: Selector | undefined): string[] {
  const origin = originPrefix(url);
  return doc.links(follow).filter((link) => link.startsWith(origin));
}

/** `http://host:port/` — every same-origin absolute URL starts with it. */
function originPrefix(url: string): string {
  return `${new URL(url).origin}/`;
}

function compileRegex(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new SelectorError(source, '--match', (error as Error).message, { cause: error });
  }
}
