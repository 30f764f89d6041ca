// What every file task of one run shares (the fetcher, the folder, the names taken so far, the
// sidecars found at start, the event and stats sinks), and the small readings of a response
// the tasks all need: total size, validator, range support, the file name.
import type { Fetcher } from '../../http/fetcher.js';
import type { FileStore } from '../../sinks/file-store.js';
import { filenameFromResponse, sanitizeFilename } from '../../sinks/safe-name.js';
import type { StreamingResult } from '../../types/fetch.js';
import type { DownloadEvent, DownloadItem } from './events.js';
import type { ResolvedDownloaderOptions } from './options.js';
import type { Sidecar } from './sidecar.js';

/** A download under way, as the run's progress view sees it; the task updates `have`. */
export interface ActiveEntry {
  readonly url: string;
  name: string;
  have: number;
  total: number | undefined;
  ranges: number;
}

export interface TaskContext {
  readonly options: ResolvedDownloaderOptions;
  readonly fetcher: Fetcher;
  readonly store: FileStore;
  /** Lower-cased absolute final paths used by this run (downloaded, skipped or in progress). */
  readonly claimed: Set<string>;
  /** Sidecars found in the folder at start, by URL; a task takes its own out. */
  readonly sidecars: Map<string, Sidecar>;
  /** Absolute paths of every sidecar file seen at start, valid or not. */
  readonly sidecarFiles: ReadonlySet<string>;
  /** Lower-cased names in the folder at start: a name not in it needs no stat to be known free. */
  readonly existing: ReadonlySet<string>;
  /** Creates the folder (once) for a name claimed without the FileStore. */
  ensureDir(): void;
  readonly signal: AbortSignal | undefined;
  emit(event: DownloadEvent): void;
  /** Counts bytes received (all files). */
  received(bytes: number): void;
  /** Shows a download as active until the returned function is called. */
  track(entry: ActiveEntry): () => void;
}

/** The final path a task works towards, with its `.part` and sidecar. */
export interface Target {
  readonly name: string;
  readonly path: string;
  readonly part: string;
  readonly sidecar: string;
}

export interface ResponseInfo {
  /** Size of the whole file, when the response says (never for a content-coded body). */
  readonly total: number | undefined;
  /** First byte of the body within the file (206), else 0. */
  readonly start: number;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  /** The server serves byte ranges of this body (a 206, or Accept-Ranges: bytes), uncoded. */
  readonly ranges: boolean;
}

export function describeResponse(response: Pick<StreamingResult, 'status' | 'headers'>): ResponseInfo {
  const headers = response.headers;
  const coding = headers['content-encoding']?.trim().toLowerCase();
  const encoded = coding !== undefined && coding !== '' && coding !== 'identity';
  let total: number | undefined;
  let start = 0;
  if (response.status === 206) {
    const range = parseContentRange(headers['content-range']);
    start = range?.start ?? 0;
    total = range?.total;
  } else if (!encoded) {
    total = parseLength(headers['content-length']);
  }
  return {
    total: encoded ? undefined : total,
    start,
    etag: headers.etag,
    lastModified: headers['last-modified'],
    ranges: !encoded && (response.status === 206 || /\bbytes\b/i.test(headers['accept-ranges'] ?? '')),
  };
}

/** `bytes a-b/n` -> { start: a, end: b + 1, total: n } (total undefined for `*`). */
export function parseContentRange(value: string | undefined): { start: number; end: number; total: number | undefined } | undefined {
  const match = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(value ?? '');
  if (!match) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]) + 1;
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (end <= start || (total !== undefined && end > total)) return undefined;
  return { start, end, total };
}

function parseLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/**
 * A GET (or HEAD) for `item` with its own headers (a spider's Referer…) under the request's own
 * (Range, If-Range); `signal` defaults to the run's.
 */
export function requestItem(
  ctx: TaskContext,
  item: DownloadItem,
  init: { readonly headers?: Readonly<Record<string, string>> | undefined; readonly method?: string; readonly signal?: AbortSignal | undefined } = {},
): Promise<StreamingResult> {
  const headers = item.headers === undefined ? init.headers : { ...item.headers, ...init.headers };
  const signal = init.signal ?? ctx.signal;
  return ctx.fetcher.stream({ url: item.url, ...(init.method ? { method: init.method } : {}), ...(headers ? { headers } : {}), ...(signal ? { signal } : {}) });
}

/** The file name for `item`: its own name, else Content-Disposition, else the URL path. */
export function nameFor(item: DownloadItem, response?: Pick<StreamingResult, 'url' | 'headers'>): string {
  if (item.name !== undefined) return sanitizeFilename(item.name);
  if (!response) return filenameFromResponse(item.url);
  return filenameFromResponse(response.url, response.headers['content-disposition']);
}

/** True when the bytes of a `.part` may be resumed later: worth a sidecar. */
export function resumable(info: ResponseInfo, minBytes: number): boolean {
  const validator = (info.etag !== undefined && !info.etag.startsWith('W/')) || info.lastModified !== undefined;
  return info.ranges && validator && (info.total === undefined || info.total >= minBytes);
}
