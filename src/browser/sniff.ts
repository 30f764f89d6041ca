// sniffPage: opens a page in headless Chromium and records every media request it makes —
// HLS and DASH manifests, progressive video and audio, subtitles — with the headers each was
// sent with. Watching ends when the network is quiet, or at the time cap whatever the page does:
// a page that never goes quiet, navigates away, opens pop-ups or grows forever is bounded by
// `waitMs`, and each of those is said in a note.
//
//   launch ─▶ goto (load) ─▶ click? ─▶ scroll? ─▶ wait: quiet | found+settle | waitMs ─▶ cookies, close
//     └─ every response: classify (type, body head) ─▶ record once per URL ─▶ 'media' event
import type { BrowserContext, Page, Request, Response } from 'playwright-core';
import { PageLoadError } from '../errors/page-load-error.js';
import { launchBrowser } from './launch.js';
import { bestBandwidth, dashManifestInfo, hlsManifestInfo, type ManifestInfo } from './manifest-info.js';
import { classifyResponse, needsBody, type MediaType } from './media-kind.js';
import { resolveSniffOptions, type ResolvedSniffOptions, type SniffOptions } from './sniff-options.js';
import type { BrowserCookie, SniffEnd, SniffedMedia, SniffNoteKind, SniffResult } from './sniff-types.js';

/** Bodies larger than this are not read to classify them (a vague type then defers to the URL). */
const MAX_SNIFF_BODY = 4 * 1024 * 1024;
/** After an `until` match, other candidates requested alongside get this long to show up. */
const SETTLE_AFTER_FOUND_MS = 1_000;
const TICK_MS = 50;
const SCROLL_STEP_MS = 250;
/** Scrolling stops once the page height has not changed for this many steps. */
const SCROLL_STABLE_STEPS = 3;
/** Runs in the page (a string: this code is type-checked without the DOM library). */
const SCROLL_TO_BOTTOM = '(() => { const root = document.scrollingElement || document.documentElement; root.scrollTop = root.scrollHeight; return root.scrollHeight; })()';

/** Opens `options.url` in a fresh headless Chromium and records its media requests. */
export async function sniffPage(input: SniffOptions): Promise<SniffResult> {
  const options = resolveSniffOptions(input);
  options.signal?.throwIfAborted();
  const browser = await launchBrowser({
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const watch = new PageWatch(browser.context, page, options);
    return await watch.run();
  } finally {
    await browser.close();
  }
}

class PageWatch {
  readonly #media: SniffedMedia[] = [];
  readonly #seen = new Set<string>();
  readonly #notes: string[] = [];
  /** Requests in flight that are not media already recorded (a streaming video never "finishes"). */
  readonly #inflight = new Set<Request>();
  readonly #pending = new Set<Promise<void>>();
  #segments = 0;
  #lastActivity = 0;
  #start = 0;
  #foundAt: number | undefined;
  #navigations = 0;
  #popups = 0;
  #userAgent = '';

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly options: ResolvedSniffOptions,
  ) {}

  async run(): Promise<SniffResult> {
    this.#listen();
    if (Object.keys(this.options.headers).length > 0) await this.context.setExtraHTTPHeaders({ ...this.options.headers });
    this.#start = Date.now();
    this.#lastActivity = this.#start;
    const loaded = await this.#load();
    if (loaded && this.options.click) await this.#click(this.options.click);
    if (loaded && this.options.scroll) await this.#scroll();
    const end = await this.#waitForEnd();
    // Responses still being read (a manifest body) get a moment to finish.
    await Promise.race([Promise.all(this.#pending), sleep(2_000)]);
    const cookies = (await this.context.cookies().catch(() => [])) as BrowserCookie[];
    return {
      url: this.options.url,
      finalUrl: this.page.url(),
      media: [...this.#media],
      segments: this.#segments,
      end,
      ms: Date.now() - this.#start,
      notes: [...this.#notes],
      cookies,
      userAgent: this.#userAgent,
    };
  }

  #remaining(): number {
    return Math.max(0, this.options.waitMs - (Date.now() - this.#start));
  }

  #note(kind: SniffNoteKind, message: string): void {
    this.#notes.push(message);
    this.options.events.emit({ type: 'note', kind, message });
  }

  #listen(): void {
    const { context, page } = this;
    context.on('request', (request) => {
      if (!this.#ours(request)) return;
      this.#inflight.add(request);
      this.#lastActivity = Date.now();
      if (!this.#userAgent) this.#userAgent = request.headers()['user-agent'] ?? '';
    });
    const done = (request: Request): void => {
      if (this.#inflight.delete(request)) this.#lastActivity = Date.now();
    };
    context.on('requestfinished', done);
    context.on('requestfailed', done);
    context.on('response', (response) => {
      if (!this.#ours(response.request())) return;
      const work = this.#onResponse(response).catch(() => undefined);
      this.#pending.add(work);
      void work.finally(() => this.#pending.delete(work));
    });
    // Pop-ups (window.open, target=_blank) are closed at once: ads open them, players do not need them.
    context.on('page', (popup) => {
      if (popup === page) return;
      this.#popups++;
      const opened = popup.url();
      void popup.close().catch(() => undefined);
      this.#note('popup', `closed a pop-up window${opened && opened !== 'about:blank' ? ` (${opened})` : ''}`);
    });
    page.on('dialog', (dialog) => {
      this.#note('dialog', `dismissed a ${dialog.type()} dialog: ${dialog.message().slice(0, 80)}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('framenavigated', (frame) => {
      if (frame !== page.mainFrame() || this.#start === 0) return;
      this.#navigations++;
      // The first commit is the page itself (after its redirects); any later one is the page leaving.
      if (this.#navigations > 1) this.#note('navigated', `the page navigated away to ${frame.url()}; watching the new page within the same time limit`);
    });
  }

  /** Requests of the watched page and its frames (not of pop-ups or service workers). */
  #ours(request: Request): boolean {
    try {
      return request.frame().page() === this.page;
    } catch {
      return false;
    }
  }

  async #load(): Promise<boolean> {
    try {
      const response = await this.page.goto(this.options.url, { waitUntil: 'load', timeout: this.options.waitMs });
      this.options.events.emit({ type: 'loaded', url: response?.url() ?? this.page.url(), ms: Date.now() - this.#start });
      return true;
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      if (/timeout/i.test(message)) {
        this.#note('load', `the page did not finish loading in ${seconds(this.options.waitMs)} s`);
        return false;
      }
      // A page that navigates while loading makes goto fail with "interrupted by another navigation": it did load.
      if (/interrupted by another navigation|navigation.*aborted|ERR_ABORTED/i.test(message) && this.#navigations > 0) return true;
      throw new PageLoadError(this.options.url, message.replace(/^page\.goto: /, ''), { cause: error });
    }
  }

  async #click(selector: string): Promise<void> {
    try {
      await this.page.click(selector, { timeout: Math.max(1, this.#remaining()) });
      this.#lastActivity = Date.now();
    } catch (error) {
      const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      this.#note('click', /timeout/i.test(message) ? `nothing to click: ${selector} matched no visible element in ${seconds(this.options.waitMs)} s` : `the click on ${selector} failed: ${message}`);
    }
  }

  async #scroll(): Promise<void> {
    let stable = 0;
    let steps = 0;
    let lastHeight = -1;
    while (this.#remaining() > 0 && !this.options.signal?.aborted) {
      const height = await this.page.evaluate<number>(SCROLL_TO_BOTTOM).catch(() => lastHeight);
      steps++;
      stable = height === lastHeight ? stable + 1 : 0;
      lastHeight = height;
      if (stable >= SCROLL_STABLE_STEPS) return;
      await sleep(Math.min(SCROLL_STEP_MS, this.#remaining()));
    }
    if (stable < SCROLL_STABLE_STEPS) this.#note('scroll', `the page was still growing after ${steps} scrolls; stopped scrolling at the ${seconds(this.options.waitMs)} s limit`);
  }

  async #waitForEnd(): Promise<SniffEnd> {
    for (;;) {
      this.options.signal?.throwIfAborted();
      const now = Date.now();
      const quiet = this.#inflight.size === 0 && now - this.#lastActivity >= this.options.quietMs && this.#pending.size === 0;
      if (this.#foundAt !== undefined && (quiet || now - this.#foundAt >= SETTLE_AFTER_FOUND_MS)) return 'found';
      if (quiet && this.#foundAt === undefined) return 'quiet';
      if (this.#remaining() === 0) {
        const busy = this.#inflight.size;
        this.#note('busy', `stopped watching at the ${seconds(this.options.waitMs)} s limit: the page kept the network busy${busy > 0 ? ` (${busy} request${busy === 1 ? '' : 's'} in flight)` : ''}`);
        return 'wait';
      }
      await sleep(Math.min(TICK_MS, this.#remaining()));
    }
  }

  async #onResponse(response: Response): Promise<void> {
    const request = response.request();
    const status = response.status();
    if (status >= 300 || status === 0) return;
    const url = response.url();
    const resourceType = request.resourceType();
    if (resourceType === 'document' && request.frame() === this.page.mainFrame()) return;
    const contentType = response.headers()['content-type'];
    let head: Buffer | undefined;
    if (needsBody(contentType) && readable(resourceType) && declaredLength(response) <= MAX_SNIFF_BODY) head = await response.body().catch(() => undefined);
    const kind = classifyResponse(url, contentType, head);
    if (kind === undefined) return;
    // Recorded media no longer hold the network "busy": a video element streams for minutes.
    this.#inflight.delete(request);
    if (kind === 'segment') {
      this.#segments++;
      return;
    }
    const key = `${kind} ${url}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    if ((kind === 'hls' || kind === 'dash') && head === undefined) head = await response.body().catch(() => undefined);
    const manifest = head === undefined ? undefined : manifestOf(kind, head.toString('utf8'), url);
    const bandwidth = bestBandwidth(manifest);
    const headers = await sentHeaders(request);
    const media: SniffedMedia = {
      url,
      type: kind,
      method: request.method(),
      status,
      contentType,
      headers,
      resourceType,
      atMs: Date.now() - this.#start,
      ...(manifest ? { manifest } : {}),
      ...(bandwidth !== undefined ? { bandwidth } : {}),
    };
    this.#media.push(media);
    this.options.events.emit({ type: 'media', media });
    if (this.#foundAt === undefined && this.options.until?.(media)) this.#foundAt = Date.now();
  }
}

function manifestOf(kind: MediaType, text: string, url: string): ManifestInfo | undefined {
  if (kind === 'hls') return hlsManifestInfo(text, url);
  if (kind === 'dash') return dashManifestInfo(text);
  return undefined;
}

/** Resource types whose body Playwright can give and that may hold a manifest. */
function readable(resourceType: string): boolean {
  return resourceType === 'xhr' || resourceType === 'fetch' || resourceType === 'other' || resourceType === 'document' || resourceType === 'texttrack';
}

function declaredLength(response: Response): number {
  const value = Number(response.headers()['content-length']);
  return Number.isFinite(value) ? value : 0;
}

/**
 * The headers the request went out with, Cookie included (Playwright's allHeaders() reads them
 * from the network layer). It can wait on events that some requests never get, so it is bounded.
 */
async function sentHeaders(request: Request): Promise<Record<string, string>> {
  const all = await Promise.race([request.allHeaders().catch(() => undefined), sleep(1_000).then(() => undefined)]);
  const headers = all ?? request.headers();
  // HTTP/2 pseudo-headers are not request headers a client can send.
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith(':')));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? String(ms / 1000) : (ms / 1000).toFixed(1);
}
