import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * The job's shared frontier cannot be reached or refuses work: Redis is down, unreachable,
 * asks for a password, is out of memory, or holds a job layout this trawl cannot read.
 * `url` is the frontier's URL with any password hidden.
 */
export class FrontierUnavailableError extends TrawlError {
  static override readonly brand: string = 'FrontierUnavailableError';
  readonly code = 'TRAWL_ERR_FRONTIER_UNAVAILABLE';
  /** False when waiting cannot help (a newer job layout, a server too old). */
  override readonly retryable: boolean;
  constructor(
    readonly url: string,
    readonly reason: string,
    options: TrawlErrorOptions & { readonly retryable?: boolean } = {},
  ) {
    super(`${url}: ${reason}`, options);
    this.retryable = options.retryable ?? true;
  }
}
