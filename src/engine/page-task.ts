// One request's life after its fetch started: the response (or the fetch error) becomes an
// Outcome for the committer — done with the items and links the handler produced, a retry
// later, or failed for good — by the error policy below. Never throws: a CriticalError is
// reported to the crawler, which stops.
import { errorCode, errorMessage } from '../errors/trawl-error.js';
import type { Fetcher } from '../http/index.js';
import type { CrawlEvent } from '../types/events.js';
import type { LeasedRequest } from '../types/request.js';
import { backoffDelay } from '../util/backoff.js';
import type { TypedEmitter } from '../util/emitter.js';
import type { Outcome } from './committer.js';
import type { LoadedPage } from './page-loader.js';
import type { Page } from 'playwright-core';
import { PageContext, type ContextHost } from './context.js';
import { isCritical, isRetryable, isRefusal, isSlowDown } from './error-policy.js';
import type { Router } from './router.js';
import type { StatsCounter } from './stats.js';

export interface PageTaskHost {
  readonly router: Router;
  readonly contextHost: ContextHost;
  readonly fetcher: Fetcher;
  readonly stats: StatsCounter;
  readonly events: TypedEmitter<CrawlEvent>;
  readonly maxRequestRetries: number;
  /** A handler threw CriticalError: the crawl stops. */
  fatal(error: unknown): void;
}

/** Waits for the fetch, runs the handler, and returns what to commit (undefined: nothing, the crawl stops). */
export async function settlePage(host: PageTaskHost, request: LeasedRequest, fetching: Promise<LoadedPage>, fetched: () => void): Promise<Outcome | undefined> {
  let response: LoadedPage;
  try {
    response = await fetching;
  } catch (error) {
    fetched();
    // Obeying robots.txt or the host rules (a redirect to a refused host) is the crawl working as
    // asked, not a failure: the request is settled (counted under its code) and never offered to
    // --retry-failed.
    if (isRefusal(error)) {
      host.stats.error(error.code);
      if (error.code === 'TRAWL_ERR_HOST_DENIED') host.events.emit({ type: 'warning', message: `skipped: ${request.url}: ${error.message}` });
      return { kind: 'done', request, items: [], added: [], skipped: true };
    }
    // The fetcher already retried what transport retries can fix: this request failed for good.
    return failed(host, request, error);
  }
  fetched();
  // Let the loop start the next fetches before this page's handler runs: when many responses
  // arrive together, their handlers would otherwise run before new requests go out. undici
  // writes a request on a reused connection in the check phase (setImmediate), so the handler
  // waits one check phase more, after those writes.
  await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
  host.stats.status(response.status);
  host.stats.bytes += response.body.length;
  const context = new PageContext(request, response, host.contextHost, response.page as Page | undefined);
  try {
    await host.router.resolve(request.label)(context);
    for (const url of context.plainUrls) host.contextHost.seen.add(url);
    return { kind: 'done', request, items: context.items, added: context.added };
  } catch (error) {
    return handlerError(host, request, error);
  } finally {
    context.release();
    await response.release?.();
  }
}

function handlerError(host: PageTaskHost, request: LeasedRequest, error: unknown): Outcome | undefined {
  if (isCritical(error)) {
    host.fatal(error);
    return undefined;
  }
  if (isRetryable(error) && request.retries < host.maxRequestRetries) {
    let delay = backoffDelay(request.retries + 1);
    if (isSlowDown(error)) {
      delay = error.delayMs ?? delay;
      host.fetcher.slots.block(originOf(request.url), Date.now() + delay);
    }
    host.stats.retried++;
    host.events.emit({ type: 'request-retry', url: request.url, reason: errorMessage(error), attempt: request.retries + 1 });
    return { kind: 'retry', request, notBefore: Date.now() + delay, reason: errorMessage(error) };
  }
  return failed(host, request, error);
}

function failed(host: PageTaskHost, request: LeasedRequest, error: unknown): Outcome {
  const code = errorCode(error);
  const reason = errorMessage(error);
  host.stats.error(code);
  host.events.emit({ type: 'request-failed', url: request.url, code, reason });
  return { kind: 'failed', request, code, reason };
}

function originOf(url: string): string {
  return new URL(url).origin;
}
