import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A page that made no media request (or none that matched) in the time it was watched. */
export class NoMediaError extends TrawlError {
  static override readonly brand: string = 'NoMediaError';
  readonly code = 'TRAWL_ERR_NO_MEDIA';
  constructor(
    readonly url: string,
    readonly seconds: number,
    /** Why nothing qualified beyond silence, e.g. "2 seen, none matches --match x". */
    readonly detail?: string,
    options?: TrawlErrorOptions,
  ) {
    super(detail ? `${url}: ${detail}` : `${url}: no media requests seen in ${formatSeconds(seconds)} s`, options);
  }
}

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(1);
}
