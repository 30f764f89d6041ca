// A request as the crawl sees it: what to fetch, where it came from, and how to tell it apart
// from every other request (its `uniqueKey`, a fingerprint of method + normalised URL + body).

/** What user code passes to `enqueue()`; everything but the URL is optional. */
export interface RequestSpec {
  readonly url: string;
  /** @default 'GET' */
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Routes the request to the handler registered for this label. */
  readonly label?: string;
  /** Free data carried to the handler (must be JSON-serialisable: it is stored with the request). */
  readonly userData?: Readonly<Record<string, unknown>>;
  /** Higher runs first. @default 0 */
  readonly priority?: number;
  /** Overrides the fingerprint: two requests with the same key are one request. */
  readonly uniqueKey?: string;
}

/** A request accepted by the frontier. Plain data: it is stored in SQLite / Redis as JSON. */
export interface CrawlRequest {
  readonly url: string;
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly label?: string;
  readonly userData?: Readonly<Record<string, unknown>>;
  readonly priority: number;
  /** Links followed from a start URL to reach this one (start URLs are 0). */
  readonly depth: number;
  /** Fingerprint, unique in the frontier (hex). */
  readonly uniqueKey: string;
  /** Failed attempts so far (handler or fetch), across restarts. */
  readonly retries: number;
}

/** A request handed to one worker under a lease. `id` is the backend's own handle for it. */
export interface LeasedRequest extends CrawlRequest {
  readonly id: string;
}
