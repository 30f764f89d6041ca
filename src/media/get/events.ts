// What the downloader takes (items), reports while it runs (events, stats, active downloads)
// and returns (results, summary). Pure types: the CLI turns these into bars and lines.

/** One file to download. */
export interface DownloadItem {
  readonly url: string;
  /** Expected SHA-256 of the whole file, 64 hex digits; checked before the file gets its name. */
  readonly sha256?: string;
  /** A name to save under instead of the one from Content-Disposition or the URL (sanitised). */
  readonly name?: string;
  /** Where the item came from (`list.txt:12`), carried into events and failures. */
  readonly place?: string;
  /** Headers sent with this item's requests only (a spider's Referer, say). */
  readonly headers?: Readonly<Record<string, string>>;
}

export type FileOutcome = 'downloaded' | 'skipped';

export interface FileResult {
  readonly url: string;
  readonly place: string | undefined;
  readonly outcome: FileOutcome;
  /** Absolute path of the complete file. */
  readonly path: string;
  /** Size of the file. */
  readonly size: number;
  /** Bytes received in this run (0 for a skipped file; less than `size` after a resume). */
  readonly received: number;
  /** Byte offset the download continued from (0 unless a `.part` was resumed). */
  readonly resumedFrom: number;
  /** Ranges fetched at once (1 unless the file was split). */
  readonly ranges: number;
}

export interface FileFailure {
  readonly url: string;
  readonly place: string | undefined;
  readonly error: unknown;
}

export interface DownloadSummary {
  readonly ok: number;
  readonly skipped: number;
  readonly failed: number;
  /** Bytes received in this run, all files together. */
  readonly bytes: number;
  readonly seconds: number;
  readonly results: readonly FileResult[];
  readonly failures: readonly FileFailure[];
  /** True when the signal stopped the run before every item was tried. */
  readonly stopped: boolean;
}

export interface DownloadStats {
  readonly startedAt: number;
  /** Items given to run(). */
  readonly total: number;
  readonly ok: number;
  readonly skipped: number;
  readonly failed: number;
  /** Files whose transfer is under way. */
  readonly active: number;
  /** Bytes received so far in this run. */
  readonly bytes: number;
}

/** A download under way, for per-file progress bars. */
export interface ActiveDownload {
  readonly url: string;
  /** File name (inside the folder). */
  readonly name: string;
  /** Bytes of the file present so far (resumed bytes included). */
  readonly have: number;
  /** Size of the file, when the server said. */
  readonly total: number | undefined;
  readonly ranges: number;
}

export type DownloadEvent =
  | {
      readonly type: 'file-start';
      readonly url: string;
      readonly place: string | undefined;
      readonly path: string;
      readonly total: number | undefined;
      /** Bytes already present from an earlier run. */
      readonly resumedFrom: number;
      readonly ranges: number;
    }
  | { readonly type: 'file-done'; readonly result: FileResult }
  | {
      readonly type: 'file-failed';
      readonly url: string;
      readonly place: string | undefined;
      readonly code: string;
      readonly reason: string;
      readonly error: unknown;
    }
  /** A `.part` could not be continued (the server ignored the range or the file changed). */
  | { readonly type: 'restart'; readonly url: string; readonly path: string; readonly reason: string }
  /** A request or a broken transfer is tried again. */
  | { readonly type: 'retry'; readonly url: string; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'warning'; readonly message: string };
