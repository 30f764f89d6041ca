import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** robots.txt forbids this URL for our user agent (only raised when robots are honoured). */
export class RobotsDisallowedError extends TrawlError {
  static override readonly brand: string = 'RobotsDisallowedError';
  readonly code = 'TRAWL_ERR_ROBOTS';
  constructor(
    readonly url: string,
    options?: TrawlErrorOptions,
  ) {
    super(`disallowed by robots.txt: ${url}`, options);
  }
}
