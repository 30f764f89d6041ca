import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** The server answered with a status that is not a success. 408, 429 and 5xx may be retried. */
export class HttpStatusError extends TrawlError {
  static override readonly brand: string = 'HttpStatusError';
  readonly code = 'TRAWL_ERR_HTTP_STATUS';
  override readonly retryable: boolean;
  constructor(
    readonly url: string,
    readonly status: number,
    /** Milliseconds the server asked us to wait (Retry-After), if it said. */
    readonly retryAfterMs?: number,
    options?: TrawlErrorOptions,
  ) {
    super(`HTTP ${status}: ${url}`, options);
    this.retryable = isRetryableStatus(status);
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
