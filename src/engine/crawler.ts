// The crawl loop: frontier -> (lease) -> local buffer -> per-host slots -> fetcher -> handler ->
// committer. The loop never sleeps on a host: it asks the slots "may I fetch now?" for each
// buffered request and waits for the next event (a task ending, a slot freeing, a retry
// becoming ready) when nothing can start.
//
//   frontier ──lease──▶ buffer ──tryAcquire──▶ task: fetch ▶ handler ──▶ committer ──commit──▶ frontier
//      ▲                                                                     │ items ▶ sink
//      └──────────────────────── new requests (deduplicated) ◀──────────────┘
import { validateOptions } from '../config/validate.js';
import { CriticalError, SlowDownError } from '../errors/policy-errors.js';
import { errorCode, errorMessage } from '../errors/trawl-error.js';
import type { Fetcher, Permit } from '../http/index.js';
import { createMemoryFrontier } from '../frontier/backends/memory.js';
import type { CrawlEvent, CrawlStats } from '../types/events.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { LeasedRequest, RequestSpec } from '../types/request.js';
import { backoffDelay } from '../util/backoff.js';
import { TypedEmitter } from '../util/emitter.js';
import { Committer, type Flushed, type Outcome } from './committer.js';
import { PageContext, type ContextHost } from './context.js';
import { FileSaver } from './file-saver.js';
import { toCrawlRequest } from './requests.js';
import { Router } from './router.js';
import { SeenUrls } from './seen-urls.js';
import { StatsCounter } from './stats.js';
import { optionsSchema, type CrawlerOptions, type CrawlSummary } from './crawler-options.js';
import { hasCode, isRetryable } from './error-policy.js';

export type { CrawlerOptions, CrawlSummary } from './crawler-options.js';

export class Crawler {
  readonly events = new TypedEmitter<CrawlEvent>();
  readonly #options: CrawlerOptions;
  readonly #router: Router;
  readonly #frontier: FrontierBackend;
  #fetcher: Fetcher | undefined;
  #ownsFetcher = false;
  #stats = new StatsCounter();
  #files: FileSaver | undefined;
  #stopReason: CrawlSummary['stoppedBy'] | undefined;
  #fatal: unknown;
  #wakeUp: (() => void) | undefined;
  /** Tasks still fetching (the rest of the active tasks are in their handler). */
  #fetching = 0;
  /** Set by a commit that added requests or put some back: the frontier may hold new work. */
  #committed = false;
  readonly #contextHost: ContextHost;

  constructor(options: CrawlerOptions) {
    this.#options = validateOptions(optionsSchema, options, 'crawler') as CrawlerOptions;
    this.#router = options.router ?? new Router();
    if (options.handler) this.#router.otherwise(options.handler);
    if (this.#router.isEmpty) throw new CriticalError('crawler: give a handler or a router');
    this.#frontier = options.frontier ?? createMemoryFrontier();
    this.#contextHost = {
      maxDepth: options.maxDepth ?? Number.POSITIVE_INFINITY,
      seen: new SeenUrls(),
      hosts: options.hosts,
      download: async (url, referer, downloadOptions) => {
        const saved = await this.#files!.download(url, referer, downloadOptions);
        this.#stats.bytes += saved.bytes;
        this.#stats.files++;
        return saved;
      },
      writeFile: async (name, data) => {
        const saved = await this.#files!.writeFile(name, data);
        this.#stats.files++;
        return saved;
      },
      downloadHls: async (url, hlsOptions) => {
        const result = await this.#files!.downloadHls(url, hlsOptions);
        this.#stats.bytes += result.bytesFetched;
        this.#stats.files++;
        return result;
      },
      log: (message) => this.events.emit({ type: 'warning', message }),
    };
  }

  get stats(): CrawlStats {
    return this.#stats.snapshot();
  }

  get frontier(): FrontierBackend {
    return this.#frontier;
  }

  /** Asks the crawl to end: no new fetches; running ones finish and are committed. */
  stop(): void {
    this.#stopReason ??= 'stopped';
    this.#wake();
  }

  /** Queues start requests (deduplicated against everything the job has seen). */
  async addRequests(requests: readonly (string | RequestSpec)[], place = 'start URL'): Promise<number> {
    const list = requests.map((input, index) => toCrawlRequest(input, { depth: 0, place: `${place} ${index + 1}` }));
    const added = await this.#frontier.add(list);
    this.#stats.pending += added;
    return added;
  }

  /** Runs until the frontier is empty, `maxPages` is reached or `stop()` is called. */
  async run(startRequests: readonly (string | RequestSpec)[] = []): Promise<CrawlSummary> {
    const options = this.#options;
    // A bad start URL fails here, before the output is opened (and a JSON file left without its "]").
    const starts = startRequests.map((input, index) => toCrawlRequest(input, { depth: 0, place: `start URL ${index + 1}` }));
    const fetcher = await this.#getFetcher();
    const sink = options.sink;
    const checkpointKey = options.checkpointKey ?? 'sink';
    if (sink) await sink.open(await this.#frontier.getCheckpoint(checkpointKey));
    try {
      if (options.reclaimOnStart) await this.#frontier.reclaimAll();
      if (options.retryFailed) await this.#frontier.retryFailed();
      this.#stats = new StatsCounter();
      this.#stats.pending = (await this.#frontier.counts()).pending;
      this.#stats.pending += await this.#frontier.add(starts);
    } catch (error) {
      if (sink) await sink.close().catch(() => undefined);
      if (this.#ownsFetcher) await fetcher.close().catch(() => undefined);
      throw error;
    }

    const committer = new Committer(this.#frontier, sink, checkpointKey, (flushed) => this.#onFlushed(flushed));
    const concurrency = fetcher.slots.concurrency;
    const target = concurrency * 2;
    const leaseMs = options.leaseMs ?? 120_000;
    const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
    const buffer: LeasedRequest[] = [];
    // Whether a lease may find something: false after a lease came back short, true again once a
    // commit may have added requests, or after a while (retries come due, other workers add).
    let mayLease = true;
    let shortLeaseAt = 0;
    const active = new Set<string>();
    const renewer = setInterval(() => {
      const ids = [...buffer.map((r) => r.id), ...active];
      if (ids.length > 0) void this.#frontier.renew(ids, leaseMs).catch(() => undefined);
    }, Math.max(1000, Math.floor(leaseMs / 3)));
    renewer.unref();
    this.#files = new FileSaver(options.filesDir ?? 'downloads', fetcher);

    try {
      for (;;) {
        if (committer.error !== undefined) throw committer.error;
        if (this.#fatal !== undefined) throw this.#fatal;
        if (this.#stopReason !== undefined) break;

        const budget = maxPages - this.#stats.started - buffer.length;
        const room = Math.min(target - buffer.length - this.#fetching, budget);
        let starved = false;
        if (this.#committed) {
          this.#committed = false;
          mayLease = true;
        }
        if (!mayLease && Date.now() - shortLeaseAt > 250) mayLease = true;
        // Lease in batches: only once the buffer is down to half the concurrency (a lease is a write
        // transaction; one per finished request would cost more than the requests themselves).
        if (room > 0 && buffer.length <= concurrency / 2 && mayLease) {
          const want = Math.min(room, 512);
          const leased = await this.#frontier.lease(want, leaseMs);
          this.#stats.pending -= leased.length;
          for (const request of leased) buffer.push(request);
          starved = leased.length === 0;
          if (leased.length < want) {
            mayLease = false;
            shortLeaseAt = Date.now();
          }
        } else if (room > 0 && !mayLease) {
          starved = buffer.length === 0;
        }
        if (starved && buffer.length === 0 && committer.backlog > 0) {
          // Nothing to fetch until finished pages commit the links they found: commit now
          // rather than on the batch timer, or a chain of pages would crawl at timer speed.
          await committer.flush();
          continue;
        }

        // Fetches are limited by the slots; pages still in their handler are limited separately
        // (twice the concurrency) so that slow handlers cannot pile up pages in memory.
        for (let i = 0; i < buffer.length && this.#fetching < concurrency && active.size < target; ) {
          const request = buffer[i]!;
          const permit = fetcher.slots.tryAcquire(originOf(request.url));
          if (!permit) {
            i++;
            continue;
          }
          buffer.splice(i, 1);
          active.add(request.id);
          this.#fetching++;
          this.#stats.started++;
          this.#stats.inFlight++;
          void this.#process(request, permit, fetcher).then((outcome) => {
            active.delete(request.id);
            this.#stats.inFlight--;
            if (outcome) committer.add(outcome);
            this.#wake();
          });
        }

        if (active.size === 0 && buffer.length === 0) {
          if (this.#stats.started >= maxPages) {
            this.#stopReason = 'max-pages';
            break;
          }
          await committer.flush();
          if (committer.error !== undefined) throw committer.error;
          if (await this.#frontier.isFinished()) {
            this.#stopReason = 'finished';
            break;
          }
          const readyAt = await this.#frontier.nextReadyAt();
          const waitMs = readyAt === null ? 200 : Math.max(0, readyAt - Date.now());
          if (waitMs > 0) await this.#sleepOrWake(Math.min(waitMs, 1000));
          continue;
        }
        await this.#sleepOrWake(starved ? 50 : 1000, fetcher.slots.onAvailable());
      }
      // Let running tasks end, then make everything durable.
      while (active.size > 0) await this.#sleepOrWake(1000);
      await committer.flush();
      if (committer.error !== undefined) throw committer.error;
    } catch (error) {
      this.#stopReason = 'error';
      while (active.size > 0) await this.#sleepOrWake(1000);
      await committer.flush().catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renewer);
      // Leased but never started (stop(), an error): let the leases lapse now, so the next run on
      // this frontier gets them at once instead of after leaseMs.
      if (buffer.length > 0) {
        await this.#frontier.renew(buffer.map((request) => request.id), 1).catch(() => undefined);
        this.#stats.pending += buffer.length;
        buffer.length = 0;
      }
      if (sink) await sink.close();
      if (this.#ownsFetcher) await fetcher.close();
    }
    const counts = await this.#frontier.counts();
    return {
      ...this.#stats.snapshot(),
      pending: counts.pending + counts.leased,
      seconds: (Date.now() - this.#stats.startedAt) / 1000,
      stoppedBy: this.#stopReason ?? 'finished',
      failedTotal: counts.failed,
    };
  }

  async #getFetcher(): Promise<Fetcher> {
    if (this.#fetcher) return this.#fetcher;
    if (this.#options.fetcher) {
      this.#fetcher = this.#options.fetcher;
    } else {
      const { Fetcher } = await import('../http/fetcher.js');
      this.#fetcher = new Fetcher(this.#options.fetch ?? {});
      this.#ownsFetcher = true;
    }
    return this.#fetcher;
  }

  /** Fetches and handles one request; never throws (a CriticalError stops the crawl instead). */
  async #process(request: LeasedRequest, permit: Permit, fetcher: Fetcher): Promise<Outcome | undefined> {
    let response;
    try {
      response = await fetcher.fetch(
        { url: request.url, method: request.method, ...(request.headers ? { headers: request.headers } : {}), ...(request.body !== undefined ? { body: request.body } : {}) },
        { permit },
      );
    } catch (error) {
      this.#fetchEnded();
      permit.release();
      // Obeying robots.txt is the crawl working as asked, not a failure: the request is settled
      // (counted under its code) and never offered to --retry-failed.
      if (hasCode(error, 'TRAWL_ERR_ROBOTS')) {
        this.#stats.error('TRAWL_ERR_ROBOTS');
        return { kind: 'done', request, items: [], added: [], skipped: true };
      }
      // The fetcher already retried what transport retries can fix: this request failed for good.
      return this.#failed(request, error);
    }
    this.#fetchEnded();
    // Let the loop start the next fetches before this page's handler runs: when many responses
    // arrive together, their handlers would otherwise run before new requests go out. undici
    // writes a request on a reused connection in the check phase (setImmediate), so the handler
    // waits one check phase more, after those writes.
    await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
    this.#stats.status(response.status);
    this.#stats.bytes += response.body.length;
    const context = new PageContext(request, response, this.#contextHost);
    try {
      await this.#router.resolve(request.label)(context);
      for (const url of context.plainUrls) this.#contextHost.seen.add(url);
      return { kind: 'done', request, items: context.items, added: context.added };
    } catch (error) {
      return this.#handlerError(request, error);
    } finally {
      context.release();
    }
  }

  #fetchEnded(): void {
    this.#fetching--;
    this.#wake();
  }

  #handlerError(request: LeasedRequest, error: unknown): Outcome | undefined {
    if (hasCode(error, 'TRAWL_ERR_CRITICAL')) {
      this.#fatal ??= error;
      this.#wake();
      return undefined;
    }
    const maxRetries = this.#options.maxRequestRetries ?? 3;
    if (isRetryable(error) && request.retries < maxRetries) {
      let delay = backoffDelay(request.retries + 1);
      if (hasCode(error, 'TRAWL_ERR_SLOW_DOWN')) {
        delay = (error as SlowDownError).delayMs ?? delay;
        this.#fetcher?.slots.block(originOf(request.url), Date.now() + delay);
      }
      this.#stats.retried++;
      this.events.emit({ type: 'request-retry', url: request.url, reason: errorMessage(error), attempt: request.retries + 1 });
      return { kind: 'retry', request, notBefore: Date.now() + delay, reason: errorMessage(error) };
    }
    return this.#failed(request, error);
  }

  #failed(request: LeasedRequest, error: unknown): Outcome {
    const code = errorCode(error);
    const reason = errorMessage(error);
    this.#stats.error(code);
    this.events.emit({ type: 'request-failed', url: request.url, code, reason });
    return { kind: 'failed', request, code, reason };
  }

  #onFlushed(flushed: Flushed): void {
    if (flushed.added > 0 || flushed.outcomes.some((outcome) => outcome.kind === 'retry')) this.#committed = true;
    this.#stats.pending += flushed.added;
    this.#stats.items += flushed.items;
    for (const outcome of flushed.outcomes) {
      if (outcome.kind === 'failed') this.#stats.failed++;
      else if (outcome.kind === 'retry') this.#stats.pending++;
      else if (!outcome.skipped) this.#stats.done++;
    }
    this.#wake();
  }

  #wake(): void {
    const wake = this.#wakeUp;
    this.#wakeUp = undefined;
    wake?.();
  }

  #sleepOrWake(ms: number, also?: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeUp = done;
      also?.then(done, done);
    });
  }
}

function originOf(url: string): string {
  return new URL(url).origin;
}
