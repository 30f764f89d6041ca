// The download run: `concurrency` workers take items in order. A worker moves to the next item
// the moment its transfer has received the last byte — closing, checking and renaming the file
// go on in the background — so every connection stays busy. Failures are recorded per item and
// never stop the others. Progress is offered as events, a stats snapshot and the list of
// active downloads; nothing here prints.
import { OptionError } from '../../errors/option-error.js';
import { errorCode, errorMessage } from '../../errors/trawl-error.js';
import { Fetcher } from '../../http/fetcher.js';
import { TypedEmitter } from '../../util/emitter.js';
import { parseHttpUrl } from '../../util/url.js';
import type { ActiveEntry } from './context.js';
import type {
  ActiveDownload,
  DownloadEvent,
  DownloadItem,
  DownloadStats,
  DownloadSummary,
  FileFailure,
  FileResult,
} from './events.js';
import { downloadOne } from './file-task.js';
import { fetcherOptionsFor, resolveDownloaderOptions, type DownloaderOptions, type ResolvedDownloaderOptions } from './options.js';
import { DownloadSession, openTaskContext, type ContextHooks } from './session.js';

export class Downloader {
  readonly options: ResolvedDownloaderOptions;
  readonly events = new TypedEmitter<DownloadEvent>();
  readonly #fetcher: Fetcher;
  readonly #ownFetcher: boolean;
  readonly #active = new Set<ActiveEntry>();
  #stats = { startedAt: Date.now(), total: 0, ok: 0, skipped: 0, failed: 0, active: 0, bytes: 0 };
  #running = false;

  constructor(options?: DownloaderOptions) {
    this.options = resolveDownloaderOptions(options);
    this.#ownFetcher = this.options.fetcher === undefined;
    this.#fetcher = this.options.fetcher ?? new Fetcher(fetcherOptionsFor(this.options));
  }

  get stats(): DownloadStats {
    return { ...this.#stats, active: this.#active.size };
  }

  /** Downloads under way (a copy). */
  active(): ActiveDownload[] {
    return [...this.#active].map((entry) => ({ ...entry }));
  }

  /**
   * Downloads every item into the folder. Resolves with the summary once every item is done,
   * skipped or failed (a failure is in `failures` and a 'file-failed' event, never a rejection);
   * rejects only for a bad option or an item that is not an http(s) URL, before any request.
   */
  async run(input: Iterable<string | DownloadItem>): Promise<DownloadSummary> {
    if (this.#running) throw new Error('Downloader.run() is already running');
    const items = [...input].map((entry, index) => toItem(entry, index));
    this.#running = true;
    const opts = this.options;
    const results: FileResult[] = [];
    const failures: FileFailure[] = [];
    const stats = this.#stats;
    stats.startedAt = Date.now();
    stats.total = items.length;
    const forwardRetries = this.#forwardRetries();
    const { ctx, close } = openTaskContext(opts, this.#fetcher, this.#hooks());
    const signal = ctx.signal!;

    const finishing = new Set<Promise<void>>();
    let next = 0;
    const startOne = (item: DownloadItem): Promise<void> =>
      new Promise<void>((freed) => {
        const done = downloadOne(ctx, item, freed).then(
          (result) => {
            if (result.outcome === 'skipped') stats.skipped++;
            else stats.ok++;
            results.push(result);
            this.events.emit({ type: 'file-done', result });
          },
          (error: unknown) => {
            stats.failed++;
            failures.push({ url: item.url, place: item.place, error });
            this.events.emit({
              type: 'file-failed',
              url: item.url,
              place: item.place,
              code: errorCode(error),
              reason: errorMessage(error),
              error,
            });
          },
        );
        const tracked = done.finally(() => {
          finishing.delete(tracked);
          freed();
        });
        finishing.add(tracked);
      });
    const worker = async (): Promise<void> => {
      while (next < items.length && !signal.aborted) await startOne(items[next++]!);
    };
    try {
      await Promise.all(Array.from({ length: Math.min(opts.concurrency, items.length) }, worker));
      while (finishing.size > 0) await Promise.all(finishing);
    } finally {
      close();
      forwardRetries();
      this.#running = false;
    }
    return {
      ok: stats.ok,
      skipped: stats.skipped,
      failed: stats.failed,
      bytes: stats.bytes,
      seconds: (Date.now() - stats.startedAt) / 1000,
      results,
      failures,
      stopped: next < items.length,
    };
  }

  /**
   * A session for downloads that come one at a time (a crawl's ctx.download()), sharing this
   * downloader's options, fetcher, events and stats. Close it when done.
   */
  session(): DownloadSession {
    const forwardRetries = this.#forwardRetries();
    const session = new DownloadSession(this.options, this.#fetcher, this.#hooks());
    const close = session.close.bind(session);
    session.close = () => {
      forwardRetries();
      close();
    };
    return session;
  }

  #hooks(): ContextHooks {
    return {
      emit: (event) => this.events.emit(event),
      received: (bytes) => {
        this.#stats.bytes += bytes;
      },
      track: (entry) => {
        this.#active.add(entry);
        return () => this.#active.delete(entry);
      },
    };
  }

  #forwardRetries(): () => void {
    return this.#fetcher.events.on((event) => {
      if (event.type === 'retry') {
        this.events.emit({ type: 'retry', url: event.url, attempt: event.attempt, delayMs: event.delayMs, reason: event.reason });
      }
    });
  }

  /** Closes the fetcher the downloader built (a fetcher passed in is the caller's to close). */
  async close(): Promise<void> {
    if (this.#ownFetcher) await this.#fetcher.close();
  }
}

export interface DownloadFilesOptions extends DownloaderOptions {
  /** URLs or items to download. */
  readonly items: Iterable<string | DownloadItem>;
  /** Called with every event. @default undefined */
  readonly onEvent?: (event: DownloadEvent) => void;
}

/** Downloads `items` with a Downloader of its own and closes it; see Downloader.run(). */
export async function downloadFiles(options: DownloadFilesOptions): Promise<DownloadSummary> {
  const { items, onEvent, ...rest } = options;
  const downloader = new Downloader(rest);
  if (onEvent) downloader.events.on(onEvent);
  try {
    return await downloader.run(items);
  } finally {
    await downloader.close();
  }
}

/**
 * Downloads one file; resolves with its result (downloaded or skipped), rejects with the
 * failure (HttpStatusError, IntegrityError, NetworkError…).
 */
export async function downloadFile(
  url: string | DownloadItem,
  options?: DownloaderOptions & { readonly onEvent?: (event: DownloadEvent) => void },
): Promise<FileResult> {
  const summary = await downloadFiles({ ...options, items: [url] });
  if (summary.failures[0]) throw summary.failures[0].error;
  const result = summary.results[0];
  if (!result) throw options?.signal?.reason ?? new Error('download stopped');
  return result;
}

function toItem(entry: string | DownloadItem, index: number): DownloadItem {
  const item = typeof entry === 'string' ? { url: entry } : entry;
  const place = item.place ?? `item ${index + 1}`;
  const url = parseHttpUrl(item.url, place).href;
  const sha256 = item.sha256?.toLowerCase();
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new OptionError(`sha256 (${place})`, item.sha256, 'expected 64 hex digits');
  }
  return { ...item, url, ...(sha256 !== undefined ? { sha256 } : {}) };
}
