import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A URL that is not absolute http(s), or does not parse. `place` says where it came from. */
export class InvalidUrlError extends TrawlError {
  static override readonly brand: string = 'InvalidUrlError';
  readonly code = 'TRAWL_ERR_INVALID_URL';
  constructor(
    readonly input: string,
    readonly place: string,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`invalid URL ${JSON.stringify(input)} (${place}): ${reason}`, options);
  }
}
