// A spider module: what `trawl run <file>` loads. The default export is a SpiderDefinition,
// usually written with `defineSpider({...})` for type checking.
import type { RequestSpec } from '../types/request.js';
import type { Handler } from './handler.js';
import { Router } from './router.js';

/**
 * A spider's settings: the same names as `trawl run`'s options and a config file's keys
 * (src/config/options/). They sit between the config file and trawl's defaults: a flag, a
 * TRAWL_* variable or the config file wins over them. Unknown keys are refused when the spider
 * is loaded, naming the file and the key.
 */
export interface SpiderSettings {
  /** Requests in flight at once (-c). @default 16 */
  readonly concurrency?: number;
  /** Requests in flight per host (--per-host). @default 8, or `concurrency` when that is given */
  readonly perHost?: number;
  /** Minimum milliseconds between request starts on one host (--delay). @default 0 */
  readonly delay?: number;
  /** Adapt each host's concurrency and delay to its answers (--auto-throttle). @default false */
  readonly autoThrottle?: boolean;
  /** Retries of a failed request: network errors, 408, 429, 5xx (--retries). @default 3 */
  readonly retries?: number;
  /** Response and body timeout in milliseconds (--timeout). @default 30000 */
  readonly timeout?: number;
  /** Extra request headers: { Referer: '…' } or "Name: value" lines (-H). */
  readonly headers?: Readonly<Record<string, string>> | readonly string[];
  /** (--user-agent) @default 'trawl/0.1' */
  readonly userAgent?: string;
  /** Obey robots.txt (--robots). @default false */
  readonly robots?: boolean;
  /** Proxy URLs (--proxy). @default HTTP_PROXY / HTTPS_PROXY */
  readonly proxy?: readonly string[] | string;
  /** A file of proxy URLs (--proxy-file). */
  readonly proxyFile?: string;
  /** 'request' or 'host' (--proxy-rotation). @default 'request' */
  readonly proxyRotation?: 'request' | 'host';
  /** An HTTP cache folder (--cache). */
  readonly cache?: string;
  /** (--cache-mode) @default 'replay' */
  readonly cacheMode?: 'replay' | 'refresh' | 'rfc9111';
  /** false: refuse private and loopback addresses (--no-private-networks). @default true */
  readonly privateNetworks?: boolean;
  /** Items output (.jsonl, .csv, .json; -o). */
  readonly output?: string;
  /** Items format (--format). @default from the output's extension */
  readonly format?: 'jsonl' | 'csv' | 'json';
  /** A UTF-8 BOM before CSV (--bom). @default false */
  readonly bom?: boolean;
  /** CSV column order (--field). @default the first item's keys */
  readonly fields?: readonly string[];
  /** Folder for download() / writeFile() (-d). @default 'downloads' */
  readonly dir?: string;
  /** Links deeper than this are not followed (--depth). @default no limit */
  readonly depth?: number;
  /** Stop after this many pages (--max-pages). @default no limit */
  readonly maxPages?: number;
  /** Retries of a page whose handler threw a retryable error (--handler-retries). @default 3 */
  readonly handlerRetries?: number;
  /** More sitemaps whose pages are start requests (--sitemap); see also `sitemaps` on the spider. */
  readonly sitemaps?: readonly string[];
  /** With sitemaps: only pages whose lastmod is later (--since). */
  readonly since?: string;
  /**
   * Hosts enqueue(), enqueueLinks(), sitemap entries and redirects may lead to: `example.com`,
   * a glob (`*.example.com`: subdomains only), `host:port`, or `/regex/` (tested against the host
   * name) (--allow-host). @default every host
   */
  readonly allowHosts?: readonly string[];
  /** Hosts they never lead to, same patterns (--deny-host). @default none */
  readonly denyHosts?: readonly string[];
  /** The site relative start URLs resolve against (--base). @default 'http://127.0.0.1:8080' */
  readonly base?: string;
  /** Start the demo site and crawl it (--demo). @default false */
  readonly demo?: boolean;
  /**
   * Load pages in headless Chromium, so their scripts run before the handler sees them (and
   * `ctx.page` can click and scroll): true for every request, or the labels of the routes that
   * need it (--render renders everything). @default false
   */
  readonly render?: boolean | readonly string[];
  /** Browsers running at once when rendering (--browsers). @default 1 */
  readonly browsers?: number;
  /** A rendered page is ready once this selector matches (--wait-for). */
  readonly waitFor?: string;
  /** The Chromium executable (--browser). @default /usr/bin/chromium */
  readonly browser?: string;
  /** The job name (--job). */
  readonly job?: string;
  /** Resume the job even if it was started with other rules (--force). */
  readonly force?: boolean;
  /** Worker processes (--workers). @default 'auto' */
  readonly workers?: number | 'auto';
  /** Where the job lives: redis://… or sqlite:<file> (--frontier). */
  readonly frontier?: string;
  /** (--lease-timeout) @default 30000 */
  readonly leaseTimeout?: number;
  /** No progress display (-q). */
  readonly quiet?: boolean;
  /** More detail on stderr (-v: 1, -vv: 2). */
  readonly verbose?: number;
  /** 'text' or 'json' (--log-format). @default 'text' */
  readonly logFormat?: 'text' | 'json';
  /** Write the final counters to this JSON file (--stats-json). */
  readonly statsJson?: string;
}

export interface SpiderStartContext {
  /** The site to crawl (`--base`, or the demo site with `--demo`), without a trailing slash. */
  readonly base: string;
}

export interface SpiderDefinition {
  readonly name?: string;
  /** Start requests; relative URLs resolve against `base`. */
  readonly startUrls?: readonly (string | RequestSpec)[];
  /**
   * Sitemaps whose pages are start requests (relative URLs resolve against `base`): a urlset, a
   * sitemap index, a gzipped sitemap, or a robots.txt whose `Sitemap:` lines are followed. Give
   * `{ url, label }` to route their pages to a handler in `routes`.
   */
  readonly sitemaps?: readonly (string | { readonly url: string; readonly label?: string })[];
  /** Start requests computed at run time (takes precedence over startUrls). */
  readonly start?: (context: SpiderStartContext) => readonly (string | RequestSpec)[] | Promise<readonly (string | RequestSpec)[]>;
  /** Handler for requests without a label (or with an unrouted one). */
  readonly handler?: Handler;
  /** Handlers by request label. */
  readonly routes?: Readonly<Record<string, Handler>>;
  readonly settings?: SpiderSettings;
}

/** Identity function that gives a spider module its types. */
export function defineSpider(definition: SpiderDefinition): SpiderDefinition {
  return definition;
}

/** The spider's handlers as a Router: `routes` by label, `handler` for the rest. */
export function spiderRouter(spider: SpiderDefinition): Router {
  const router = new Router();
  for (const [label, handler] of Object.entries(spider.routes ?? {})) router.on(label, handler);
  if (spider.handler) router.otherwise(spider.handler);
  return router;
}
