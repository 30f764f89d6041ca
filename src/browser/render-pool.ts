// RenderPool: a bounded set of browser pages that render URLs for a crawl. Pages are made once
// and reused (no new context or tab per URL); browsers are launched on demand, up to `browsers`,
// each with up to `pagesPerBrowser` pages. A browser that has rendered `restartAfterPages` pages,
// or whose processes pass `maxBrowserMemoryMb`, takes no new work and is replaced once its last
// page is released, so memory stays flat however long the crawl. close() ends every process.
//
//   render(url) ─▶ acquire: a free page │ a new page │ a new browser │ wait (FIFO)
//                    └▶ PooledPage.load ─▶ RenderedPage (page valid until release())
//   release() ─▶ page free again ─▶ browser due for replacement? ─▶ close it when idle ─▶ wake a waiter
import { BrowserError } from '../errors/browser-error.js';
import { launchBrowser, type LaunchedBrowser } from './launch.js';
import { READY_INIT_SCRIPT } from './page-ready.js';
import { PooledPage } from './render-page.js';
import {
  resolveRenderPoolOptions,
  type RenderedPage,
  type RenderOptions,
  type RenderPoolOptions,
  type ResolvedRenderPoolOptions,
} from './render-options.js';

/** Memory is read from /proc at most this often per browser. */
const MEMORY_CHECK_MS = 1_000;

interface BrowserEntry {
  readonly id: number;
  readonly launched: LaunchedBrowser;
  readonly pages: Set<PooledPage>;
  readonly free: PooledPage[];
  /** Pages being made for this browser (they count against pagesPerBrowser). */
  opening: number;
  rendered: number;
  retiring: 'pages' | 'memory' | 'crash' | undefined;
  memoryCheckedAt: number;
  memoryBytes: number;
}

interface Waiter {
  resolve(page: [BrowserEntry, PooledPage]): void;
  reject(error: unknown): void;
}

export interface RenderPoolStats {
  /** Renders finished (ready or failed). */
  readonly rendered: number;
  /** Pages handed out and not yet released. */
  readonly inUse: number;
  readonly browsers: number;
  /** Browsers replaced so far (pages, memory or crash). */
  readonly restarts: number;
  /** Summed resident memory of the browsers' processes at their last check, bytes. */
  readonly memoryBytes: number;
}

export class RenderPool {
  readonly options: ResolvedRenderPoolOptions;
  readonly #browsers = new Set<BrowserEntry>();
  readonly #waiters: Waiter[] = [];
  #launching = 0;
  #nextId = 1;
  #rendered = 0;
  #inUse = 0;
  #restarts = 0;
  #closed = false;

  constructor(options?: RenderPoolOptions) {
    this.options = resolveRenderPoolOptions(options);
  }

  /** Pages that can render at once. */
  get capacity(): number {
    return this.options.browsers * this.options.pagesPerBrowser;
  }

  stats(): RenderPoolStats {
    let memoryBytes = 0;
    for (const entry of this.#browsers) memoryBytes += entry.memoryBytes;
    return { rendered: this.#rendered, inUse: this.#inUse, browsers: this.#browsers.size, restarts: this.#restarts, memoryBytes };
  }

  /**
   * Loads `url` in a pooled page and waits until it is ready (see RenderPoolOptions.quietMs and
   * RenderOptions.waitFor). The caller must release() the result; until then the page is theirs.
   * Rejects with PageLoadError (the page did not load), BrowserError (a crash, or the pool closed).
   */
  async render(url: string, options: RenderOptions = {}): Promise<RenderedPage> {
    options.signal?.throwIfAborted();
    const [entry, pooled] = await this.#acquire(options.signal);
    let released = false;
    const release = async (): Promise<void> => {
      if (released) return;
      released = true;
      this.#release(entry, pooled);
    };
    try {
      const loaded = await pooled.load(url, options, this.options);
      for (const message of loaded.notes) this.options.events.emit({ type: 'note', url, message });
      return { ...loaded, page: pooled.page, release };
    } catch (error) {
      await release();
      if (pooled.crashed || !entry.launched.connected) throw new BrowserError('crash', firstLine(error), url, { cause: error });
      throw error;
    }
  }

  /** render(), then `use` with the page, then release() whatever happens. */
  async withPage<T>(url: string, use: (rendered: RenderedPage) => Promise<T> | T, options?: RenderOptions): Promise<T> {
    const rendered = await this.render(url, options);
    try {
      return await use(rendered);
    } finally {
      await rendered.release();
    }
  }

  /** Closes every browser (killing any process left) and rejects waiting renders. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new BrowserError('closed', 'the render pool was closed'));
    await Promise.all([...this.#browsers].map((entry) => entry.launched.close()));
    this.#browsers.clear();
  }

  async #acquire(signal: AbortSignal | undefined): Promise<[BrowserEntry, PooledPage]> {
    if (this.#closed) throw new BrowserError('closed', 'the render pool was closed');
    const ready = this.#freePage();
    if (ready) return ready;
    const waiting = new Promise<[BrowserEntry, PooledPage]>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      this.#waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.#waiters.indexOf(waiter);
          if (index >= 0) this.#waiters.splice(index, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
    this.#grow();
    return waiting;
  }

  /** A free page of a browser still taking work, marked in use. */
  #freePage(): [BrowserEntry, PooledPage] | undefined {
    for (const entry of this.#browsers) {
      if (entry.retiring) continue;
      const pooled = entry.free.pop();
      if (pooled) {
        this.#inUse++;
        entry.rendered++;
        return [entry, pooled];
      }
    }
    return undefined;
  }

  /** Opens pages or launches browsers for the renders waiting, within the limits. */
  #grow(): void {
    let wanted = this.#waiters.length;
    for (const entry of this.#browsers) {
      if (entry.retiring) continue;
      while (wanted > 0 && entry.pages.size + entry.opening < this.options.pagesPerBrowser) {
        wanted--;
        this.#openPage(entry);
      }
    }
    const active = [...this.#browsers].filter((entry) => !entry.retiring).length;
    if (wanted > 0 && active + this.#launching < this.options.browsers) this.#launch();
  }

  #launch(): void {
    this.#launching++;
    const started = Date.now();
    launchBrowser({
      ...(this.options.executablePath ? { executablePath: this.options.executablePath } : {}),
      args: [`--renderer-process-limit=${this.options.renderersPerBrowser}`, ...this.options.args],
      ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
    })
      .then(async (launched) => {
        await launched.context.addInitScript(READY_INIT_SCRIPT);
        if (Object.keys(this.options.headers).length > 0) await launched.context.setExtraHTTPHeaders({ ...this.options.headers });
        return launched;
      })
      .then(
        (launched) => {
          this.#launching--;
          if (this.#closed) {
            void launched.close();
            return;
          }
          const entry: BrowserEntry = { id: this.#nextId++, launched, pages: new Set(), free: [], opening: 0, rendered: 0, retiring: undefined, memoryCheckedAt: Date.now(), memoryBytes: launched.memoryBytes() };
          launched.browser.on('disconnected', () => this.#retire(entry, 'crash'));
          this.#browsers.add(entry);
          this.options.events.emit({ type: 'launch', browser: entry.id, ms: Date.now() - started });
          this.#grow();
        },
        (error: unknown) => {
          this.#launching--;
          // No browser can start: every waiting render fails with the reason (a missing executable, a bad switch).
          for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
        },
      );
  }

  #openPage(entry: BrowserEntry): void {
    entry.opening++;
    entry.launched.context
      .newPage()
      .then(async (page) => {
        const pooled = new PooledPage(page);
        await pooled.prepare(this.options.block);
        return pooled;
      })
      .then(
        (pooled) => {
          entry.opening--;
          entry.pages.add(pooled);
          this.#handOut(entry, pooled);
        },
        (error: unknown) => {
          entry.opening--;
          if (!entry.retiring) this.#waiters.shift()?.reject(new BrowserError('crash', `could not open a page: ${firstLine(error)}`, undefined, { cause: error }));
        },
      );
  }

  /** Gives a free page to the first waiter, or keeps it free. */
  #handOut(entry: BrowserEntry, pooled: PooledPage): void {
    if (entry.retiring) {
      entry.free.push(pooled);
      this.#maybeRetire(entry);
      return;
    }
    const waiter = this.#waiters.shift();
    if (!waiter) {
      entry.free.push(pooled);
      return;
    }
    this.#inUse++;
    entry.rendered++;
    waiter.resolve([entry, pooled]);
  }

  #release(entry: BrowserEntry, pooled: PooledPage): void {
    this.#inUse--;
    this.#rendered++;
    if (pooled.crashed || pooled.page.isClosed()) {
      entry.pages.delete(pooled);
      void pooled.close();
    }
    this.#checkHealth(entry);
    if (entry.pages.has(pooled)) this.#handOut(entry, pooled);
    else this.#maybeRetire(entry);
    this.#grow();
  }

  #checkHealth(entry: BrowserEntry): void {
    if (entry.retiring) return;
    if (entry.rendered >= this.options.restartAfterPages) {
      this.#retire(entry, 'pages');
      return;
    }
    const now = Date.now();
    if (now - entry.memoryCheckedAt < MEMORY_CHECK_MS) return;
    entry.memoryCheckedAt = now;
    entry.memoryBytes = entry.launched.memoryBytes();
    if (entry.memoryBytes > this.options.maxBrowserMemoryMb * 1024 * 1024) this.#retire(entry, 'memory');
  }

  /** Stops giving `entry` work; it closes once its pages are all back. */
  #retire(entry: BrowserEntry, reason: 'pages' | 'memory' | 'crash'): void {
    if (entry.retiring || !this.#browsers.has(entry)) return;
    entry.retiring = reason;
    this.#restarts++;
    this.options.events.emit({ type: 'restart', browser: entry.id, reason, pages: entry.rendered, memoryBytes: entry.memoryBytes });
    this.#maybeRetire(entry);
    this.#grow();
  }

  #maybeRetire(entry: BrowserEntry): void {
    if (!entry.retiring || !this.#browsers.has(entry)) return;
    const busy = entry.pages.size - entry.free.length;
    if (busy > 0 && entry.retiring !== 'crash') return;
    this.#browsers.delete(entry);
    void entry.launched.close();
    this.#grow();
  }
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
