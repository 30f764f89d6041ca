// Another way to load a page than the HTTP fetcher: a real browser that runs the page's scripts
// (src/browser/render-loader.ts). The crawl treats it like the fetcher: it asks whether a page
// may start now, and waits for the next chance when not. What it loads is an ordinary
// FetchResult (the rendered DOM), so handlers, `$`, xpath() and --extract work unchanged; the
// live page stays available to the handler until the loader's release().
import type { Fetcher } from '../http/index.js';
import type { FetchRequest, FetchResult } from '../types/fetch.js';

export interface LoadedPage extends FetchResult {
  /** The live browser page (a playwright-core Page), valid until release(). */
  readonly page?: unknown;
  /** Hands the page back; called once the handler is done with it. */
  release?(): Promise<void> | void;
}

export interface PageLoader {
  /** Starts loading `request` if it may start now (host slot and a free page), else undefined. */
  tryLoad(request: FetchRequest, origin: string): Promise<LoadedPage> | undefined;
  /** Resolves when a load that tryLoad() refused may start. */
  whenReady(): Promise<void>;
  close(): Promise<void>;
}

export interface RenderSettings {
  /** Builds the loader once the crawl's fetcher exists (the loader shares its host slots). */
  readonly loader: (fetcher: Fetcher) => PageLoader;
  /** Which requests are rendered. @default every request */
  readonly select?: (request: { readonly label?: string | undefined; readonly url: string }) => boolean;
}
