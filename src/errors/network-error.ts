import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** The connection failed: refused, reset, DNS, TLS, a body cut short. `reason` is the system code. */
export class NetworkError extends TrawlError {
  static override readonly brand: string = 'NetworkError';
  readonly code = 'TRAWL_ERR_NETWORK';
  override readonly retryable = true;
  constructor(
    readonly url: string,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`network error (${reason}): ${url}`, options);
  }
}
