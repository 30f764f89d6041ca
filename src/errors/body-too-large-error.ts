import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A response body beyond the configured maximum size; the transfer was aborted. */
export class BodyTooLargeError extends TrawlError {
  static override readonly brand: string = 'BodyTooLargeError';
  readonly code = 'TRAWL_ERR_BODY_TOO_LARGE';
  constructor(
    readonly url: string,
    readonly limit: number,
    options?: TrawlErrorOptions,
  ) {
    super(`body larger than ${limit} bytes: ${url}`, options);
  }
}
