import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A page whose parse took longer than the crawl allows a page (it is skipped; the crawl goes on). */
export class ParseTimeoutError extends TrawlError {
  static override readonly brand: string = 'ParseTimeoutError';
  readonly code = 'TRAWL_ERR_PARSE_TIMEOUT';
  constructor(
    readonly url: string,
    readonly timeoutMs: number,
    readonly bytes: number,
    options?: TrawlErrorOptions,
  ) {
    super(`${url}: parsing the page (${bytes} bytes) took over ${timeoutMs} ms; it is skipped (see --parse-timeout)`, options);
  }
}
