// The crawl loop, as a few named steps (Scrapy's engine is the model):
//
//   lease more ──▶ start what the fetcher accepts ──▶ idle? ──▶ wait for the next event
//   (LeaseBuffer)   (fetcher.tryFetch per host slot)  (flush, finished?)  (a task, a slot, a commit)
//
//   frontier ──lease──▶ buffer ──tryFetch──▶ task: fetch ▶ handler ──▶ committer ──commit──▶ frontier
//      ▲                                                                  │ items ▶ sink (or frontier)
//      └──────────────────────── new requests (deduplicated) ◀────────────┘
//
// The loop never sleeps on a host: the fetcher owns the per-host slots and answers at once
// whether a request may start; when nothing can start the loop waits for the next event. With a
// shared frontier (several workers of one job) the slots are the job's, items of workers without
// the output go through the frontier, and the job's owner collects them into the output.
import { randomBytes } from 'node:crypto';
import { optionDefault } from '../config/options/index.js';
import { validateOptions } from '../config/validate.js';
import { CriticalError } from '../errors/policy-errors.js';
import { errorMessage } from '../errors/trawl-error.js';
import type { Fetcher, FetchEvent } from '../http/index.js';
import type { ThrottleState } from '../http/auto-throttle.js';
import { createMemoryFrontier } from '../frontier/backends/memory.js';
import type { CrawlEvent, CrawlStats } from '../types/events.js';
import type { FrontierBackend } from '../types/frontier.js';
import type { CrawlRequest, LeasedRequest, RequestSpec } from '../types/request.js';
import { TypedEmitter } from '../util/emitter.js';
import { trace } from '../util/trace.js';
import type { ContextHost } from './context.js';
import { FileSaver } from './file-saver.js';
import { settlePage, type PageTaskHost } from './page-task.js';
import { toCrawlRequest } from './requests.js';
import type { Flushed, Outcome } from './committer.js';
import { DEFAULT_LEASE_MS, openRun, type Run } from './run-setup.js';
import { Router } from './router.js';
import { SeenUrls } from './seen-urls.js';
import { StatsCounter } from './stats.js';
import { MemoryDataset } from '../sinks/memory-dataset.js';
import type { Item } from '../types/sink.js';
import { optionsSchema, type CrawlerOptions, type CrawlSummary } from './crawler-options.js';

export type { CrawlerOptions, CrawlSummary } from './crawler-options.js';

/** Frontier counts are read at most this often for the stats (they are one query each). */
const COUNTS_EVERY_MS = 250;

export class Crawler {
  readonly events = new TypedEmitter<CrawlEvent>();
  readonly #options: CrawlerOptions;
  readonly #router: Router;
  readonly #frontier: FrontierBackend;
  readonly #workerId: string;
  readonly #leaseMs: number;
  #fetcher: Fetcher | undefined;
  #ownsFetcher = false;
  #stats = new StatsCounter();
  #files: FileSaver | undefined;
  #stopReason: CrawlSummary['stoppedBy'] | undefined;
  #fatal: unknown;
  #wakeUp: (() => void) | undefined;
  /** Tasks started and not yet handed to the committer; #fetching of them are still fetching. */
  #tasks = 0;
  #fetching = 0;
  #countsAt = 0;
  readonly #contextHost: ContextHost;
  /** Where items go when no sink is given (and they do not go to the frontier). */
  readonly #dataset: MemoryDataset | undefined;

  constructor(options: CrawlerOptions) {
    this.#options = validateOptions(optionsSchema, options, 'crawler') as CrawlerOptions;
    this.#router = options.router ?? new Router();
    if (options.handler) this.#router.otherwise(options.handler);
    if (this.#router.isEmpty) throw new CriticalError('crawler: give a handler or a router');
    this.#frontier = options.frontier ?? createMemoryFrontier();
    this.#workerId = options.workerId ?? `w-${randomBytes(6).toString('hex')}`;
    this.#leaseMs = options.leaseTimeout ?? DEFAULT_LEASE_MS;
    if (!options.sink && options.itemsTo !== 'frontier') this.#dataset = new MemoryDataset();
    this.#contextHost = {
      maxDepth: options.depth ?? Number.POSITIVE_INFINITY,
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

  /**
   * The items of a crawl given no sink, in the order they were written (empty when a sink was
   * given: they are in the sink). For large crawls give a sink: these stay in memory.
   */
  get dataset(): readonly Item[] {
    return this.#dataset?.items ?? [];
  }

  /**
   * Each item as the crawl writes it, from the first, until run() ends: `for await (const item of
   * crawler.items())` beside a running `crawler.run()`. Only for a crawl given no sink.
   */
  items(): AsyncIterable<Item> {
    if (!this.#dataset) throw new CriticalError('crawler.items(): the items go to the sink this crawler was given; read them there');
    return this.#dataset.iterate();
  }

  /** With --auto-throttle: each host's current limit, delay and latency. */
  get throttle(): ThrottleState[] {
    return this.#fetcher?.throttleStates() ?? [];
  }

  /** This crawler's id as a worker of its job. */
  get workerId(): string {
    return this.#workerId;
  }

  /** Asks the crawl to end: no new fetches; running ones finish and are committed. */
  stop(): void {
    this.#stopReason ??= 'stopped';
    this.#wake();
  }

  /** Queues start requests (deduplicated against everything the job has seen). */
  async addRequests(requests: readonly (string | RequestSpec)[], place = 'start URL'): Promise<number> {
    const list = requests.map((input, index) => toCrawlRequest(input, { depth: 0, place: `${place} ${index + 1}` }));
    return this.#frontier.add(list);
  }

  /** Runs until the frontier is empty, `maxPages` is reached or `stop()` is called. */
  async run(startRequests: readonly (string | RequestSpec)[] = []): Promise<CrawlSummary> {
    // A bad start URL fails here, before the output is opened (and a JSON file left without its "]").
    const starts = startRequests.map((input, index) => toCrawlRequest(input, { depth: 0, place: `start URL ${index + 1}` }));
    trace('crawler: run');
    const run = await this.#open(starts);
    trace('crawler: run open');
    try {
      await this.#crawl(run);
      trace('crawler: loop over');
      await this.#settle(run);
      trace('crawler: settled');
    } catch (error) {
      this.#stopReason = 'error';
      await this.#settle(run).catch(() => undefined);
      throw error;
    } finally {
      await this.#close(run);
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

  // ── the steps of a run ────────────────────────────────────────────────────────────────────

  /** Opens the output, prepares the frontier, and builds what the loop needs (run-setup.ts). */
  async #open(starts: readonly CrawlRequest[]): Promise<Run> {
    const fetcher = await this.#getFetcher();
    this.#stats = new StatsCounter();
    const run = await openRun(
      {
        options: this.#options,
        frontier: this.#frontier,
        fetcher,
        ownsFetcher: this.#ownsFetcher,
        sink: this.#options.sink ?? this.#dataset,
        workerId: this.#workerId,
        leaseMs: this.#leaseMs,
        stats: () => this.#stats,
        warn: (message) => this.#warn(message),
        onFlushed: (flushed, itemsInSink) => this.#onFlushed(flushed, itemsInSink),
        fetchEvent: (event) => this.#onFetchEvent(event),
      },
      starts,
    );
    await this.#refreshCounts(true);
    this.#files = new FileSaver(this.#options.dir ?? optionDefault<string>('dir'), fetcher);
    return run;
  }

  /** Counts the requests the fetcher sends and the ones it retries, and tells them as crawl events. */
  #onFetchEvent(event: FetchEvent): void {
    if (event.type === 'request') {
      this.#stats.requests++;
      this.events.emit({ type: 'request', url: event.url, method: event.method, status: event.status, ms: event.ms, ...(event.code ? { code: event.code } : {}) });
    } else if (event.type === 'retry') {
      this.#stats.retried++;
      this.events.emit({ type: 'fetch-retry', url: event.url, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason, code: event.code });
    }
  }

  /** The loop: lease more, start what may start, check for the end, wait for the next event. */
  async #crawl(run: Run): Promise<void> {
    for (;;) {
      this.#throwIfFailed(run);
      if (this.#stopReason !== undefined) return;
      const starved = await run.leases.refill(this.#room(run));
      if (starved && run.leases.size === 0 && run.committer.backlog > 0) {
        // Nothing to fetch until finished pages commit the links they found: commit now rather
        // than on the batch timer, or a chain of pages would crawl at timer speed.
        await run.committer.flush();
        continue;
      }
      this.#startReady(run);
      if (this.#tasks === 0 && run.leases.size === 0) {
        if (await this.#isOver(run)) return;
        continue;
      }
      await this.#sleepOrWake(starved ? 50 : 1000, run.loader ? Promise.race([run.fetcher.whenReady(), run.loader.whenReady()]) : run.fetcher.whenReady());
    }
  }

  /** How many more requests may be leased now. */
  #room(run: Run): number {
    const budget = run.localPageLimit - this.#stats.started - run.leases.size;
    return Math.min(run.target - run.leases.size - this.#fetching, budget);
  }

  /**
   * Starts every buffered request whose host the fetcher accepts now. Fetches are limited by
   * the slots; pages still in their handler are limited separately (twice the concurrency) so
   * that slow handlers cannot pile up pages in memory.
   */
  #startReady(run: Run): void {
    const waiting = run.leases.waiting;
    for (let i = 0; i < waiting.length && this.#fetching < run.concurrency && this.#tasks < run.target; ) {
      const { request, origin } = waiting[i]!;
      const select = this.#options.render?.select;
      const fetching =
        run.loader && (select === undefined || select(request))
          ? run.loader.tryLoad(fetchRequestOf(request), origin)
          : run.fetcher.tryFetch(fetchRequestOf(request), origin);
      if (!fetching) {
        i++;
        continue;
      }
      run.leases.start(i);
      if (this.#stats.started === 0) trace('crawler: first request');
      this.#tasks++;
      this.#fetching++;
      this.#stats.started++;
      this.#stats.inFlight++;
      void settlePage(this.#pageHost(run), request, fetching, () => {
        this.#fetching--;
        this.#wake();
      }).then((outcome) => this.#taskEnded(run, request, outcome));
    }
  }

  #taskEnded(run: Run, request: LeasedRequest, outcome: Outcome | undefined): void {
    this.#tasks--;
    this.#stats.inFlight--;
    run.leases.finished(request.id);
    if (outcome) run.committer.add(outcome);
    this.#wake();
  }

  /**
   * Nothing runs and nothing is buffered: the crawl is over (finished, or max pages), or it
   * waits for retries to come due, for other workers, or for a commit to add requests.
   */
  async #isOver(run: Run): Promise<boolean> {
    if (this.#stats.started >= run.localPageLimit) {
      this.#stopReason = 'max-pages';
      return true;
    }
    await run.committer.flush();
    this.#throwIfFailed(run);
    if (await this.#frontier.isFinished()) {
      this.#stopReason = 'finished';
      return true;
    }
    if (run.leases.hasBudget && (await this.#budgetExhausted(run))) {
      this.#stopReason = 'max-pages';
      return true;
    }
    const readyAt = await this.#frontier.nextReadyAt();
    const waitMs = readyAt === null ? 200 : Math.max(0, readyAt - Date.now());
    if (waitMs > 0) await this.#sleepOrWake(Math.min(waitMs, 1000));
    run.leases.mayHaveMore();
    return false;
  }

  /** With a job-wide page budget: requests are ready but no lease may take them any more. */
  async #budgetExhausted(run: Run): Promise<boolean> {
    const counts = await this.#frontier.counts();
    return counts.pending > 0 && (await this.#frontier.nextReadyAt()) === null && (await run.leases.refill(1)) && run.leases.size === 0;
  }

  /** Lets running tasks end, then makes everything durable and, for the owner, written. */
  async #settle(run: Run): Promise<void> {
    while (this.#tasks > 0) await this.#sleepOrWake(1000);
    await run.committer.flush();
    if (run.committer.error !== undefined) throw run.committer.error;
    if (run.collector) {
      await this.#options.beforeLastCollect?.();
      await run.collector.stop();
    }
  }

  async #close(run: Run): Promise<void> {
    run.leases.stopRenewing();
    run.unsubscribe();
    await run.leases.handBack();
    await run.presence?.stop();
    await run.loader?.close();
    const sink = this.#options.sink ?? this.#dataset;
    if (sink && run.writesSink) await sink.close();
    if (this.#ownsFetcher) await run.fetcher.close();
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  #throwIfFailed(run: Run): void {
    if (run.committer.error !== undefined) throw run.committer.error;
    if (run.collector?.error !== undefined) throw run.collector.error;
    if (this.#fatal !== undefined) throw this.#fatal;
  }

  #pageHost(run: Run): PageTaskHost {
    return {
      router: this.#router,
      contextHost: this.#contextHost,
      fetcher: run.fetcher,
      stats: this.#stats,
      events: this.events,
      maxRequestRetries: this.#options.handlerRetries ?? optionDefault<number>('handlerRetries'),
      fatal: (error) => {
        this.#fatal ??= error;
        this.#wake();
      },
    };
  }

  async #getFetcher(): Promise<Fetcher> {
    if (this.#fetcher) return this.#fetcher;
    if (this.#options.fetcher) {
      this.#fetcher = this.#options.fetcher;
    } else {
      const { Fetcher } = await import('../http/fetcher.js');
      const frontier = this.#frontier;
      this.#fetcher = new Fetcher({
        ...this.#options.fetch,
        ...(this.#options.shared
          ? {
              sharedHosts: {
                worker: this.#workerId,
                staleMs: this.#leaseMs,
                sync: (request) => frontier.syncHosts(request),
                onError: (error) => this.#warn(`the frontier's host limits are unreachable: ${errorMessage(error)} (retrying)`),
              },
            }
          : {}),
      });
      this.#ownsFetcher = true;
    }
    return this.#fetcher;
  }

  #onFlushed(flushed: Flushed, itemsInSink: boolean): void {
    if (itemsInSink) this.#stats.items += flushed.items;
    else this.#stats.queuedItems += flushed.items;
    for (const outcome of flushed.outcomes) {
      if (outcome.kind === 'failed') this.#stats.failed++;
      else if (outcome.kind === 'done' && !outcome.skipped) this.#stats.done++;
    }
    void this.#refreshCounts(false);
    this.#wake();
  }

  /** The pending count comes from the frontier itself (other workers add and take too). */
  async #refreshCounts(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.#countsAt < COUNTS_EVERY_MS) return;
    this.#countsAt = now;
    try {
      this.#stats.pending = (await this.#frontier.counts()).pending;
    } catch {
      // Counts are for display; a frontier that is away for a moment is reported elsewhere.
    }
  }

  #warn(message: string): void {
    this.events.emit({ type: 'warning', message });
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

function fetchRequestOf(request: LeasedRequest): { url: string; method: string; headers?: Readonly<Record<string, string>>; body?: string } {
  return {
    url: request.url,
    method: request.method,
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  };
}
