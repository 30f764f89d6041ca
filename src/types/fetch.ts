// What the fetcher takes and gives back. Kept apart from the engine so that `get` and `hls`
// use the same fetcher without knowing about crawls.

export type HeaderMap = Readonly<Record<string, string>>;

export interface FetchRequest {
  readonly url: string;
  /** @default 'GET' */
  readonly method?: string;
  readonly headers?: HeaderMap;
  readonly body?: string | Uint8Array;
  /** Aborts the request (and its retries). */
  readonly signal?: AbortSignal;
}

/** A fully read response. Header names are lower case; repeated headers are joined with ', '
 * except set-cookie, which the fetcher consumes into its cookie jar. */
export interface FetchResult {
  /** Final URL, after redirects. */
  readonly url: string;
  /** Every URL requested, in order: the first is the request's URL, the last is `url`. */
  readonly redirects: readonly string[];
  readonly status: number;
  readonly headers: HeaderMap;
  /** The decompressed body bytes. */
  readonly body: Buffer;
  /** WHATWG name of the charset used by `text` (e.g. 'utf-8', 'gbk', 'windows-1252'). */
  readonly charset: string;
  /** The body decoded with `charset`. Computed once, on first read. */
  readonly text: string;
  /** Attempts made, 1 when the first one succeeded. */
  readonly attempts: number;
  /**
   * Set when the HTTP cache (fetcher option `cache`) answered: 'hit' served as stored, the site
   * untouched; 'revalidated' after the site answered 304. Absent for a response from the site.
   */
  readonly cache?: 'hit' | 'revalidated';
}

/** A response whose body is still streaming (downloads). The caller must consume or cancel `body`. */
export interface StreamingResult {
  readonly url: string;
  readonly redirects: readonly string[];
  readonly status: number;
  readonly headers: HeaderMap;
  readonly body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void };
}
