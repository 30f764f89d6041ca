import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A CSS or XPath selector that does not parse. `place` names where it was given (e.g. --extract title). */
export class SelectorError extends TrawlError {
  static override readonly brand: string = 'SelectorError';
  readonly code = 'TRAWL_ERR_SELECTOR';
  constructor(
    readonly selector: string,
    readonly place: string,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`bad selector ${JSON.stringify(selector)} (${place}): ${reason}`, options);
  }
}
