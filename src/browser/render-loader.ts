// The crawl's PageLoader on a RenderPool: a request renders when its host's slot allows a start
// (the crawl's per-host limits, delay and Retry-After blocks hold for rendered pages as for
// fetched ones) and the pool has a page free. A page that fails to load, or a browser that
// crashes under it, is tried again a few times, like the fetcher's transport retries.
import { PageLoadError } from '../errors/page-load-error.js';
import { BrowserError } from '../errors/browser-error.js';
import type { Fetcher, Permit } from '../http/index.js';
import type { LoadedPage, PageLoader } from '../engine/page-loader.js';
import type { FetchRequest } from '../types/fetch.js';
import { backoffDelay } from '../util/backoff.js';
import type { RenderPool } from './render-pool.js';
import { renderedFetchResult } from './rendered-result.js';

export interface RenderLoaderOptions {
  /** Ready as soon as this CSS selector matches, instead of waiting for the page to go quiet. */
  readonly waitFor?: string;
  /** Attempts after the first for a page that did not load or a browser that crashed. @default 2 */
  readonly retries?: number;
}

export class RenderLoader implements PageLoader {
  readonly #pool: RenderPool;
  readonly #fetcher: Fetcher;
  readonly #options: RenderLoaderOptions;
  #inFlight = 0;
  #available: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(pool: RenderPool, fetcher: Fetcher, options: RenderLoaderOptions = {}) {
    this.#pool = pool;
    this.#fetcher = fetcher;
    this.#options = options;
  }

  tryLoad(request: FetchRequest, origin: string): Promise<LoadedPage> | undefined {
    if (this.#inFlight >= this.#pool.capacity) return undefined;
    const permit = this.#fetcher.slots.tryAcquire(origin);
    if (!permit) return undefined;
    this.#inFlight++;
    return this.#load(request, permit);
  }

  whenReady(): Promise<void> {
    if (!this.#available) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#available = { promise, resolve };
    }
    return Promise.race([this.#available.promise, this.#fetcher.whenReady()]);
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }

  async #load(request: FetchRequest, permit: Permit): Promise<LoadedPage> {
    const retries = this.#options.retries ?? 2;
    let slot: Permit | undefined = permit;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const rendered = await this.#pool.render(request.url, {
            ...(request.headers ? { headers: request.headers } : {}),
            ...(this.#options.waitFor ? { waitFor: this.#options.waitFor } : {}),
          });
          // The host's slot covers the page's load; the handler's time with the live page does not.
          slot?.release();
          slot = undefined;
          return {
            ...renderedFetchResult(request.url, rendered),
            page: rendered.page,
            release: async () => {
              await rendered.release();
              this.#freed();
            },
          };
        } catch (error) {
          const retryable = (error instanceof PageLoadError || error instanceof BrowserError) && error.retryable;
          if (attempt >= retries || !retryable) throw error;
          await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt + 1)));
        }
      }
    } catch (error) {
      slot?.release();
      this.#freed();
      throw error;
    }
  }

  #freed(): void {
    this.#inFlight--;
    const available = this.#available;
    this.#available = undefined;
    available?.resolve();
  }
}
