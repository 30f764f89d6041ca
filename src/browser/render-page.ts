// One pooled browser page: set up once (resource blocking, dialogs, pop-ups), then reused for
// render after render: navigate, wait until the script-built content is there, serialise the DOM.
//
//   goto (load) ─▶ ready? (in-page: nothing pending, DOM quiet │ selector) ─▶ content()
//        ▲                 │ the page navigated meanwhile
//        └── wait for its load (at most MAX_NAVIGATIONS times, within the cap) ◀┘
import type { CDPSession, Page, Response } from 'playwright-core';
import { PageLoadError } from '../errors/page-load-error.js';
import { SelectorError } from '../errors/selector-error.js';
import { readyExpression } from './page-ready.js';
import type { BlockableResource, PageLoad, ReadyState, RenderOptions, ResolvedRenderPoolOptions } from './render-options.js';

/** Script navigations followed after the first load before the DOM is taken as it is. */
const MAX_NAVIGATIONS = 3;
/** Extra time the browser gets to answer beyond an in-page cap (a page busy in a loop answers late or never). */
const ANSWER_GRACE_MS = 2_000;

const CDP_TYPES = { image: 'Image', font: 'Font', media: 'Media', stylesheet: 'Stylesheet' } as const satisfies Record<BlockableResource, string>;

/** A page of the pool with what it needs between renders. */
export class PooledPage {
  /** Notes of the render in progress (pop-ups closed, dialogs dismissed). */
  notes: string[] = [];
  crashed = false;
  #headersKey = '';
  #cdp: CDPSession | undefined;

  constructor(readonly page: Page) {}

  /** Blocks resource types in the browser itself (the Fetch domain pauses only those types), closes pop-ups, dismisses dialogs. */
  async prepare(block: readonly BlockableResource[]): Promise<void> {
    const { page } = this;
    page.on('crash', () => {
      this.crashed = true;
    });
    page.on('dialog', (dialog) => {
      this.notes.push(`dismissed a ${dialog.type()} dialog`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('popup', (popup) => {
      this.notes.push(`closed a pop-up window${popup.url() && popup.url() !== 'about:blank' ? ` (${popup.url()})` : ''}`);
      void popup.close().catch(() => undefined);
    });
    if (block.length === 0) return;
    // Unlike page.route(), which stops every request in Node, only the blocked types are paused.
    const cdp = await page.context().newCDPSession(page);
    this.#cdp = cdp;
    cdp.on('Fetch.requestPaused', (event: { requestId: string }) => {
      void cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'BlockedByClient' }).catch(() => undefined);
    });
    await cdp.send('Fetch.enable', { patterns: block.map((type) => ({ urlPattern: '*', resourceType: CDP_TYPES[type], requestStage: 'Request' as const })) });
  }

  async load(url: string, options: RenderOptions, pool: ResolvedRenderPoolOptions): Promise<PageLoad> {
    const { page } = this;
    this.notes = [];
    const cap = options.readyTimeoutMs ?? pool.readyTimeoutMs;
    await this.#setHeaders(options.headers ?? {});
    if (options.cookies && options.cookies.length > 0) {
      const host = new URL(url).hostname;
      await page.context().addCookies(options.cookies.map((cookie) => ({ name: cookie.name, value: cookie.value, domain: cookie.domain ?? host, path: cookie.path ?? '/' })));
    }
    // A URL differing from the current one only in its #fragment would not load again.
    if (sameDocument(page.url(), url)) await page.goto('about:blank').catch(() => undefined);
    const started = Date.now();
    const response = await this.#goto(url, pool.navigationTimeoutMs);
    const headers = response ? response.allHeaders().catch(() => response.headers()) : Promise.resolve({});
    const [ready, html] = await this.#ready(url, options.waitFor, cap, pool.quietMs);
    // A script navigation that finished within goto (location.replace while parsing) leaves no other trace.
    const landed = page.url();
    if (stripHash(landed) !== stripHash(response?.url() ?? url) && !this.notes.some((note) => note.includes(landed))) this.notes.push(`the page navigated away to ${landed}`);
    return { url: page.url(), status: response?.status() ?? 0, headers: await headers, html, ready, ms: Date.now() - started, notes: [...this.notes] };
  }

  async #setHeaders(headers: Readonly<Record<string, string>>): Promise<void> {
    const key = JSON.stringify(headers);
    if (key === this.#headersKey) return;
    await this.page.setExtraHTTPHeaders({ ...headers });
    this.#headersKey = key;
  }

  async #goto(url: string, timeoutMs: number): Promise<Response | null> {
    try {
      return await this.page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    } catch (error) {
      const message = firstLine(error);
      // The page replaced itself before its load event (location.replace in a head script): follow it below.
      if (/interrupted by another navigation/i.test(message)) {
        this.notes.push(`the page navigated away to ${this.page.url()} while loading`);
        await this.page.waitForLoadState('load', { timeout: timeoutMs }).catch(() => undefined);
        return null;
      }
      if (this.crashed) throw new PageLoadError(url, 'the page crashed', { cause: error });
      throw new PageLoadError(url, message.replace(/^page\.goto: /, ''), { cause: error });
    }
  }

  /** Waits in the page (see page-ready.ts) and takes its DOM; follows script navigations within the cap. */
  async #ready(url: string, waitFor: string | undefined, capMs: number, quietMs: number): Promise<[ReadyState, string]> {
    const { page } = this;
    const deadline = Date.now() + capMs;
    let navigations = 0;
    for (;;) {
      const left = Math.max(0, deadline - Date.now());
      let answer: [string, string];
      try {
        answer = await withTimeout(page.evaluate<[string, string]>(readyExpression(quietMs, left, waitFor)), left + ANSWER_GRACE_MS);
      } catch (error) {
        const message = firstLine(error);
        // The page navigated while we waited (a script redirect): wait for the new document's load, then ask again.
        if (/context was destroyed|navigat/i.test(message) && navigations < MAX_NAVIGATIONS && Date.now() < deadline) {
          navigations++;
          await page.waitForLoadState('load', { timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
          this.notes.push(`the page navigated away to ${page.url()}`);
          continue;
        }
        if (this.crashed) throw new PageLoadError(url, 'the page crashed', { cause: error });
        throw new PageLoadError(url, navigations >= MAX_NAVIGATIONS ? `the page kept navigating (${navigations} times in ${capMs} ms)` : `the page did not answer: ${message} (a script busy in a loop?)`, { cause: error });
      }
      const [state, html] = answer;
      if (state === 'quiet' || state === 'missing') return ['quiet', html];
      if (state === 'selector') return ['selector', html];
      if (state === 'bad-selector') throw new SelectorError(waitFor ?? '', 'waitFor', html);
      this.notes.push(
        state === 'no-match'
          ? `${waitFor} matched nothing in ${capMs} ms; the DOM is taken as it was`
          : state.startsWith('pending:')
            ? `still waiting for ${state.slice(8)} request(s) after ${capMs} ms; the DOM is taken as it was`
            : `the page kept changing for ${capMs} ms; the DOM is taken as it was`,
      );
      return ['timeout', html];
    }
  }

  async close(): Promise<void> {
    await this.#cdp?.detach().catch(() => undefined);
    await this.page.close({ runBeforeUnload: false }).catch(() => undefined);
  }
}

function stripHash(value: string): string {
  return value.replace(/#.*$/, '');
}

function sameDocument(current: string, next: string): boolean {
  return current !== next && stripHash(current) === stripHash(next) && current.startsWith('http');
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}
