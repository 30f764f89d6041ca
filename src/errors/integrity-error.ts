import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** Downloaded bytes that are not what was promised: length, digest, or container sync. */
export class IntegrityError extends TrawlError {
  static override readonly brand: string = 'IntegrityError';
  readonly code = 'TRAWL_ERR_INTEGRITY';
  override readonly retryable: boolean;
  constructor(
    readonly url: string,
    readonly reason: string,
    options: TrawlErrorOptions & { retryable?: boolean } = {},
  ) {
    super(`integrity check failed for ${url}: ${reason}`, options);
    this.retryable = options.retryable ?? true;
  }
}
