import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A page the browser could not load: a network error, a refused connection, a navigation timeout. */
export class PageLoadError extends TrawlError {
  static override readonly brand: string = 'PageLoadError';
  readonly code = 'TRAWL_ERR_PAGE_LOAD';
  override readonly retryable = true;
  constructor(
    readonly url: string,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`page ${url} did not load: ${reason}`, options);
  }
}
