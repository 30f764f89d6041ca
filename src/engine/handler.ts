// The handler context contract: what user code gets for every fetched page. Kept free of
// implementation imports so spider modules can type against it cheaply.
import type { CheerioAPI } from 'cheerio';
import type { Page } from 'playwright-core';
import type { AnyNode } from 'domhandler';
import type { XPathValue } from '../parse/index.js';
import type { FetchResult } from '../types/fetch.js';
import type { HlsDownloadOptions } from '../hls/download/options.js';
import type { HlsResult } from '../hls/download/types.js';
import type { Item } from '../types/sink.js';
import type { LeasedRequest, RequestSpec } from '../types/request.js';

export interface EnqueueOptions {
  /** Label for every request enqueued by this call (routes them to that handler). */
  readonly label?: string;
  readonly userData?: Readonly<Record<string, unknown>>;
  readonly priority?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface EnqueueLinksOptions extends EnqueueOptions {
  /** Which links: a CSS selector (elements' href, or `::attr(x)`) or an XPath. @default 'a[href]' */
  readonly selector?: string;
  /** Only URLs matching this pattern. */
  readonly match?: RegExp;
  /** Only links on the page's own origin. @default true */
  readonly sameOrigin?: boolean;
}

export interface DownloadOptions {
  /** File name inside the files folder; sanitised. @default from Content-Disposition or the URL */
  readonly name?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SavedFile {
  /** Absolute path of the finished file. */
  readonly path: string;
  readonly bytes: number;
}

export interface CrawlContext {
  readonly request: LeasedRequest;
  readonly response: FetchResult;
  /**
   * The live browser page when this request was rendered (`--render`, or the spider's
   * `settings.render`): click, scroll, wait on it; `$`, `get()` and xpath() read the DOM as it was
   * when the page was ready. Undefined for fetched requests. Valid until the handler returns.
   */
  readonly page?: Page;
  /** Response body decoded with its charset. */
  readonly text: string;
  readonly body: Buffer;
  /** Cheerio over the parsed page (parsed once, on first use; shared with xpath()). */
  readonly $: CheerioAPI;
  /**
   * XPath 1.0 over the same tree as `$`; `./` paths start at `<html>`, as in lxml. Node-sets come
   * back as arrays of nodes (attributes as {name, value, ownerElement}); string(), count()…
   * as a string, number or boolean.
   */
  xpath(expression: string, context?: AnyNode): XPathValue;
  /**
   * The first value a selector finds, trimmed, or null (parsel's `.get()`): CSS with `::text` /
   * `::attr(name)`, or XPath (starts with `/`, `./` or `(`), optionally relative to `context`.
   * An element gives its whole text; an attribute its value. A selector may end in
   * `::re(pattern)`: the first of its values the pattern matches gives the match's first group.
   */
  get(selector: string, context?: AnyNode): string | null;
  /** Every value a selector finds, trimmed (parsel's `.getall()`). */
  getAll(selector: string, context?: AnyNode): string[];
  /** The body parsed as JSON; a clear error naming the URL when it is not JSON. */
  json<T = unknown>(): T;
  /**
   * Every match of a regular expression (Scrapy's `.re()`): each gives its first capture group,
   * or the whole match when the pattern has none. Over the page text by default; over a
   * selector's values (`get()`'s selectors) when one is given; over `context`'s text otherwise.
   * A string pattern is compiled without flags; a RegExp keeps its own.
   */
  re(pattern: string | RegExp, selector?: string, context?: AnyNode): string[];
  /** The first value re() would give, or null (Scrapy's `.re_first()`). */
  reFirst(pattern: string | RegExp, selector?: string, context?: AnyNode): string | null;
  /**
   * Queue requests; relative URLs resolve against `<base href>` or the final URL. Requests to
   * hosts the crawl's host rules refuse (allowHosts / denyHosts) are dropped. Returns how many
   * were queued.
   */
  enqueue(requests: string | RequestSpec | readonly (string | RequestSpec)[], options?: EnqueueOptions): number;
  /** Queue the page's links (default `a[href]` on the same origin). Returns how many. */
  enqueueLinks(options?: EnqueueLinksOptions): number;
  /** Save items; they are written exactly once, together with this request's completion. */
  push(items: Item | readonly Item[]): void;
  /** Stream a URL to a file in the files folder (`.part`, then renamed). Same fetch settings as the crawl. */
  download(url: string, options?: DownloadOptions): Promise<SavedFile>;
  /**
   * Download an HLS stream (master or media playlist) into one file in the files folder:
   * segments fetched concurrently, AES-128 decrypted, joined in order; resumes after a crash.
   */
  downloadHls(url: string, options?: HlsOptions): Promise<HlsResult>;
  /** Write data to a file in the files folder atomically (temporary name, then rename). */
  writeFile(name: string, data: string | Uint8Array): Promise<SavedFile>;
  /** A message for the crawl's log (shown by the CLI). */
  log(message: string): void;
}

/** downloadHls() options inside a crawl: the crawl's fetcher and files folder are used. */
export type HlsOptions = Omit<HlsDownloadOptions, 'url' | 'fetcher' | 'proxy' | 'userAgent'>;

export type { HlsResult };

export type Handler = (context: CrawlContext) => void | Promise<void>;
