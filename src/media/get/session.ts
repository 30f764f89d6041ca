// What one batch of downloads into a folder shares (TaskContext): the folder and its names,
// the sidecars found when it began, one abort signal, the events. Downloader.run() opens one
// per run; a DownloadSession keeps one open for downloads that come one at a time — a crawl's
// ctx.download() — with the same names, resume, digests and split ranges as `trawl get`.
import { setMaxListeners } from 'node:events';
import type { Fetcher } from '../../http/fetcher.js';
import { FileStore } from '../../sinks/file-store.js';
import { ensureDirSync } from '../../util/ensure-dir.js';
import type { ActiveEntry, TaskContext } from './context.js';
import type { DownloadEvent, DownloadItem, FileResult } from './events.js';
import { downloadOne } from './file-task.js';
import type { ResolvedDownloaderOptions } from './options.js';
import { scanSidecars } from './sidecar.js';

export interface ContextHooks {
  emit(event: DownloadEvent): void;
  received(bytes: number): void;
  track(entry: ActiveEntry): () => void;
}

/** A TaskContext for `options.dir`; `close()` detaches it from the caller's signal. */
export function openTaskContext(options: ResolvedDownloaderOptions, fetcher: Fetcher, hooks: ContextHooks): { ctx: TaskContext; close: () => void } {
  const store = new FileStore(options.dir);
  const sidecars = scanSidecars(store.dir);
  let dirReady = false;
  // One listener on the caller's signal; every request listens on this one, which may have
  // many listeners at once (a request each).
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const onAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const ctx: TaskContext = {
    options,
    fetcher,
    store,
    claimed: new Set(),
    sidecars: sidecars.byUrl,
    sidecarFiles: sidecars.files,
    existing: sidecars.names,
    ensureDir: () => {
      if (dirReady) return;
      ensureDirSync(store.dir);
      dirReady = true;
    },
    signal: controller.signal,
    emit: hooks.emit,
    received: hooks.received,
    track: hooks.track,
  };
  return { ctx, close: () => options.signal?.removeEventListener('abort', onAbort) };
}

/**
 * Downloads that come one at a time into one folder. The same URL under the same name is one
 * download: a second call while the first runs, or after it finished, gets its result (a page
 * handled twice, or two pages linking one image, do not make `photo (1).jpg`).
 */
export class DownloadSession {
  readonly #ctx: TaskContext;
  readonly #close: () => void;
  readonly #done = new Map<string, Promise<FileResult>>();

  constructor(options: ResolvedDownloaderOptions, fetcher: Fetcher, hooks: ContextHooks) {
    const { ctx, close } = openTaskContext(options, fetcher, hooks);
    this.#ctx = ctx;
    this.#close = close;
  }

  /** Resolves with the file (downloaded, or already complete on disk); rejects with the failure. */
  download(item: DownloadItem): Promise<FileResult> {
    const key = `${item.url}\n${item.name ?? ''}`;
    let result = this.#done.get(key);
    if (!result) {
      result = downloadOne(this.#ctx, item, () => {});
      // A failure is not remembered: the next call tries again.
      result.catch(() => this.#done.delete(key));
      this.#done.set(key, result);
    }
    return result;
  }

  close(): void {
    this.#close();
  }
}
