// RenderPool's options (readonly, documented defaults, validated once with zod), the per-page
// render options, and what a render returns.
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { validateOptions } from '../config/validate.js';
import { TypedEmitter } from '../util/emitter.js';

/** Resource types the pool can keep from loading. */
export const BLOCKABLE = ['image', 'font', 'media', 'stylesheet'] as const;
export type BlockableResource = (typeof BLOCKABLE)[number];

export interface RenderPoolOptions {
  /** Browsers run at once (each a process tree). @default 1 */
  readonly browsers?: number;
  /** Pages open in each browser; each renders one URL at a time. @default 8 */
  readonly pagesPerBrowser?: number;
  /**
   * Renderer processes per browser, shared by its pages (Chromium's --renderer-process-limit).
   * Each costs ~100-300 MB; one page busy in a script loop holds up the others of its renderer. @default 2
   */
  readonly renderersPerBrowser?: number;
  /** Chromium executable. @default TRAWL_BROWSER, else /usr/bin/chromium */
  readonly executablePath?: string;
  /** Extra Chromium switches. @default [] */
  readonly args?: readonly string[];
  /** Resource types never loaded (requests fail at once, in the browser). @default ['image', 'font', 'media'] */
  readonly block?: readonly BlockableResource[];
  /** A page is ready once it has loaded and, for this long, has had no fetch/XHR pending and no DOM change. @default 50 */
  readonly quietMs?: number;
  /** Longest wait for readiness after the load event; the DOM is then taken as it is, and the render says so. @default 10000 */
  readonly readyTimeoutMs?: number;
  /** Longest wait for the load event. @default 30000 */
  readonly navigationTimeoutMs?: number;
  /** A browser is replaced after rendering this many pages (flat memory over a long crawl). @default 1000 */
  readonly restartAfterPages?: number;
  /** A browser is replaced once its processes' summed resident memory passes this many MiB (checked about once a second). @default 2048 */
  readonly maxBrowserMemoryMb?: number;
  /** User-Agent of every page. @default Chromium's own */
  readonly userAgent?: string;
  /** Headers sent with every request of every page. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Receives launches, restarts and per-page notes. @default undefined */
  readonly events?: TypedEmitter<RenderEvent>;
}

export interface ResolvedRenderPoolOptions {
  readonly browsers: number;
  readonly pagesPerBrowser: number;
  readonly renderersPerBrowser: number;
  readonly executablePath: string | undefined;
  readonly args: readonly string[];
  readonly block: readonly BlockableResource[];
  readonly quietMs: number;
  readonly readyTimeoutMs: number;
  readonly navigationTimeoutMs: number;
  readonly restartAfterPages: number;
  readonly maxBrowserMemoryMb: number;
  readonly userAgent: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly events: TypedEmitter<RenderEvent>;
}

const headerRecord = z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid header name'), z.string());

const schema = z.strictObject({
  browsers: z.number().int().min(1).max(64).default(1),
  pagesPerBrowser: z.number().int().min(1).max(256).default(8),
  renderersPerBrowser: z.number().int().min(1).max(64).default(2),
  executablePath: z.string().min(1).optional(),
  args: z.array(z.string()).default([]),
  block: z.array(z.enum(BLOCKABLE)).default(['image', 'font', 'media']),
  quietMs: z.number().int().min(0).max(60_000).default(50),
  readyTimeoutMs: z.number().int().min(0).max(600_000).default(10_000),
  navigationTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  restartAfterPages: z.number().int().min(1).default(1000),
  maxBrowserMemoryMb: z.number().int().min(64).default(2048),
  userAgent: z.string().min(1).optional(),
  headers: headerRecord.default({}),
  events: z.instanceof(TypedEmitter).optional(),
});

/** Validates `input` and fills in defaults; throws OptionError naming the first bad option. */
export function resolveRenderPoolOptions(input: RenderPoolOptions | undefined): ResolvedRenderPoolOptions {
  const data = validateOptions(schema, input, 'RenderPool');
  return Object.freeze({
    ...data,
    executablePath: data.executablePath,
    userAgent: data.userAgent,
    events: (data.events as TypedEmitter<RenderEvent> | undefined) ?? new TypedEmitter<RenderEvent>(),
  });
}

export interface RenderCookie {
  readonly name: string;
  readonly value: string;
  /** @default the host of the URL rendered */
  readonly domain?: string;
  /** @default '/' */
  readonly path?: string;
}

export interface RenderOptions {
  /** Headers for this page's requests, on top of the pool's. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Cookies to set before loading (they stay in the browser's cookie store). @default [] */
  readonly cookies?: readonly RenderCookie[];
  /** Ready as soon as this CSS selector matches, instead of waiting for quiet. @default undefined */
  readonly waitFor?: string;
  /** Overrides the pool's readyTimeoutMs for this page. */
  readonly readyTimeoutMs?: number;
  /** Gives up waiting for a free page, or stops the render; rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/** How a render decided the page was ready. */
export type ReadyState = 'quiet' | 'selector' | 'timeout';

/** What loading a page gave: its address, answer and rendered DOM. */
export interface PageLoad {
  /** The page's address once ready (after redirects and script navigations). */
  readonly url: string;
  /** The main document's status (0 when there was no network response, e.g. a data: URL). */
  readonly status: number;
  /** The main document's response headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The rendered DOM, serialised (doctype included). */
  readonly html: string;
  readonly ready: ReadyState;
  /** Milliseconds from the start of navigation to ready. */
  readonly ms: number;
  /** What happened on the way that a caller may want to log: navigations, pop-ups closed, time caps. */
  readonly notes: readonly string[];
}

export interface RenderedPage extends PageLoad {
  /** The live page, for clicks and scrolls; valid until release(). */
  readonly page: Page;
  /** Hands the page back to the pool. Call it exactly once (later calls do nothing). */
  release(): Promise<void>;
}

export type RenderEvent =
  | { readonly type: 'launch'; readonly browser: number; readonly ms: number }
  | { readonly type: 'restart'; readonly browser: number; readonly reason: 'pages' | 'memory' | 'crash'; readonly pages: number; readonly memoryBytes: number }
  | { readonly type: 'note'; readonly url: string; readonly message: string };
