// Builds the CrawlContext handed to handlers. Parsing is lazy and done once per page: `$`,
// `xpath()` and `enqueueLinks()` share one tree. What a handler pushes or enqueues is only
// collected here; the committer makes it durable together with the request's completion.
import type { CheerioAPI } from 'cheerio';
import type { Page } from 'playwright-core';
import type { AnyNode } from 'domhandler';
import { textContent } from 'domutils';
import type { FetchResult } from '../types/fetch.js';
import type { Item } from '../types/sink.js';
import type { CrawlRequest, LeasedRequest, RequestSpec } from '../types/request.js';
import { parseHtml, type HtmlDocument } from '../parse/html-document.js';
import type { XPathValue } from '../parse/xpath-engine.js';
import { parseJson } from '../parse/json.js';
import { compileSelector, type Selector } from '../parse/selector.js';
import { allMatches, firstMatchIn, toRegExp } from '../parse/regex.js';
import type { HostRules } from './host-rules.js';
import { toCrawlRequest } from './requests.js';
import type { SeenUrls } from './seen-urls.js';
import { isHttpUrl } from '../util/url.js';
import type { CrawlContext, DownloadOptions, EnqueueLinksOptions, EnqueueOptions, HlsOptions, HlsResult, SavedFile } from './handler.js';

/** What the context needs from the crawler. */
export interface ContextHost {
  readonly maxDepth: number;
  /** URLs this crawl has already queued (see SeenUrls). */
  readonly seen: SeenUrls;
  /** Where requests may go (--allow-host / --deny-host); requests to other hosts are dropped. */
  readonly hosts?: HostRules | undefined;
  download(url: string, referer: string, options: DownloadOptions): Promise<SavedFile>;
  writeFile(name: string, data: string | Uint8Array): Promise<SavedFile>;
  downloadHls(url: string, options: HlsOptions): Promise<HlsResult>;
  log(message: string): void;
}

export class PageContext implements CrawlContext {
  readonly items: Item[] = [];
  readonly added: CrawlRequest[] = [];
  /** URLs of `added` that are plain GETs, for the crawl's SeenUrls once this page succeeds. */
  readonly plainUrls: string[] = [];
  #doc: HtmlDocument | undefined;
  #text: string | undefined;
  #mayHaveBase: boolean | undefined;

  constructor(
    readonly request: LeasedRequest,
    readonly response: FetchResult,
    readonly host: ContextHost,
    /** The live browser page of a rendered request (playwright-core's Page), until the handler returns. */
    readonly page?: Page,
  ) {}

  /** Drops the parsed page and the text, so they die young whatever still refers to the context. */
  release(): void {
    this.#doc = undefined;
    this.#text = undefined;
  }

  get text(): string {
    this.#text ??= this.response.text;
    return this.#text;
  }

  get body(): Buffer {
    return this.response.body;
  }

  /** The parsed page; public for the declarative rules, which use it directly. */
  get document(): HtmlDocument {
    this.#doc ??= parseHtml(this.text, this.response.url);
    return this.#doc;
  }

  get $(): CheerioAPI {
    return this.document.$;
  }

  xpath(expression: string, context?: AnyNode): XPathValue {
    return this.document.xpath(expression, context);
  }

  get(selector: string, context?: AnyNode): string | null {
    return cachedSelector(selector).first(this.document, context);
  }

  getAll(selector: string, context?: AnyNode): string[] {
    return cachedSelector(selector).all(this.document, context);
  }

  json<T = unknown>(): T {
    return parseJson(this.text, this.response.url) as T;
  }

  re(pattern: string | RegExp, selector?: string, context?: AnyNode): string[] {
    const regex = toRegExp(pattern, 're()');
    return this.#reTexts(selector, context).flatMap((text) => allMatches(regex, text));
  }

  reFirst(pattern: string | RegExp, selector?: string, context?: AnyNode): string | null {
    return firstMatchIn(toRegExp(pattern, 'reFirst()'), this.#reTexts(selector, context));
  }

  /** What re() reads: the selector's values, else the context node's text, else the page text. */
  #reTexts(selector: string | undefined, context: AnyNode | undefined): string[] {
    if (selector !== undefined) return cachedSelector(selector).all(this.document, context);
    return [context === undefined ? this.text : textContent(context).trim()];
  }

  /** Base for relative URLs: the page's `<base href>` if it has one, else the final URL. */
  get #base(): string {
    if (this.#doc) return this.#doc.baseUrl;
    // The same answer whether or not the handler looked at the page first: parse only when the
    // page may hold a <base> at all (checked once per page), else the final URL is the base.
    this.#mayHaveBase ??= /<base[\s>]/i.test(this.text);
    return this.#mayHaveBase ? this.document.baseUrl : this.response.url;
  }

  enqueue(requests: string | RequestSpec | readonly (string | RequestSpec)[], options: EnqueueOptions = {}): number {
    const list: readonly (string | RequestSpec)[] = typeof requests === 'string' || !Array.isArray(requests)
      ? [requests as string | RequestSpec]
      : requests;
    const depth = this.request.depth + 1;
    if (depth > this.host.maxDepth) return 0;
    const place = `enqueued from ${this.response.url}`;
    const hosts = this.host.hosts;
    let queued = 0;
    for (const input of list) {
      const url = typeof input === 'string' ? input : input.url;
      // An absolute URL queued before is one the frontier would drop: skip the work of a request.
      const plain = isPlainGet(input) && isHttpUrl(url);
      if (plain && this.host.seen.has(url)) {
        queued++;
        continue;
      }
      const request = toCrawlRequest(input, { depth, base: isHttpUrl(url) ? undefined : this.#base, place, ...options });
      if (hosts !== undefined && !hosts.empty && !hosts.allows(request.url)) continue;
      queued++;
      this.added.push(request);
      if (plain) this.plainUrls.push(request.url);
    }
    return queued;
  }

  enqueueLinks(options: EnqueueLinksOptions = {}): number {
    const doc = this.document;
    const selector = options.selector === undefined ? undefined : compileSelector(options.selector, 'enqueueLinks selector');
    const origin = new URL(this.response.url).origin;
    const sameOrigin = options.sameOrigin ?? true;
    const urls = doc.links(selector).filter(
      (url) => (!sameOrigin || new URL(url).origin === origin) && (!options.match || options.match.test(url)),
    );
    const { selector: _s, match: _m, sameOrigin: _o, ...enqueueOptions } = options;
    return this.enqueue(urls, enqueueOptions);
  }

  push(items: Item | readonly Item[]): void {
    if (Array.isArray(items)) this.items.push(...(items as readonly Item[]));
    else this.items.push(items as Item);
  }

  download(url: string, options: DownloadOptions = {}): Promise<SavedFile> {
    const absolute = new URL(url, this.#base).href;
    return this.host.download(absolute, this.response.url, options);
  }

  writeFile(name: string, data: string | Uint8Array): Promise<SavedFile> {
    return this.host.writeFile(name, data);
  }

  downloadHls(url: string, options: HlsOptions = {}): Promise<HlsResult> {
    return this.host.downloadHls(new URL(url, this.#base).href, options);
  }

  log(message: string): void {
    this.host.log(message);
  }
}

/** Handlers call get()/getAll() with the same few selectors on every page: compile each once. */
const selectors = new Map<string, Selector>();

function cachedSelector(source: string): Selector {
  let selector = selectors.get(source);
  if (!selector) {
    selector = compileSelector(source, `selector ${JSON.stringify(source)}`);
    if (selectors.size >= 256) selectors.delete(selectors.keys().next().value as string);
    selectors.set(source, selector);
  }
  return selector;
}

/** A request whose identity is its URL alone (GET, no body, no explicit unique key). */
function isPlainGet(input: string | RequestSpec): boolean {
  if (typeof input === 'string') return true;
  return (input.method === undefined || input.method.toUpperCase() === 'GET') && input.body === undefined && input.uniqueKey === undefined;
}
