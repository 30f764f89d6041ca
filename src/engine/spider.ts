// A spider module: what `trawl run <file>` loads. The default export is a SpiderDefinition,
// usually written with `defineSpider({...})` for type checking.
import type { RequestSpec } from '../types/request.js';
import type { Handler } from './handler.js';
import { Router } from './router.js';

export interface SpiderSettings {
  /** Requests in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Requests in flight per host. @default concurrency */
  readonly perHost?: number;
  /** Minimum milliseconds between request starts on one host. @default 0 */
  readonly delayMs?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Items output (.jsonl, .csv, .json); the command line's -o wins. */
  readonly output?: string;
  /** CSV column order (default: the first item's keys). */
  readonly fields?: readonly string[];
  /** Folder for download() / writeFile(); the command line's -d wins. @default 'downloads' */
  readonly filesDir?: string;
  readonly maxDepth?: number;
  readonly maxPages?: number;
  /** Handler-level retries. @default 3 */
  readonly maxRequestRetries?: number;
  /**
   * Load pages in headless Chromium, so their scripts run before the handler sees them (and
   * `ctx.page` can click and scroll): true for every request, or the labels of the routes that
   * need it. The command line's --render renders everything. @default false
   */
  readonly render?: boolean | readonly string[];
  /** Browsers running at once when rendering. @default 1 */
  readonly browsers?: number;
  /**
   * Hosts enqueue(), enqueueLinks(), sitemap entries and redirects may lead to: `example.com`,
   * a glob (`*.example.com`: subdomains only), `host:port`, or `/regex/` (tested against the host
   * name). The command line's --allow-host replaces these. @default every host
   */
  readonly allowHosts?: readonly string[];
  /** Hosts they never lead to (same patterns); the command line's --deny-host replaces these. @default none */
  readonly denyHosts?: readonly string[];
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
