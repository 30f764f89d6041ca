import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * An HLS playlist that cannot be used: a missing required tag, a malformed attribute list, a
 * byte range with nothing to continue from. `line` is 1-based and counts every physical line of
 * the text as fetched (blank lines and a BOM included), so it matches what an editor shows.
 */
export class PlaylistError extends TrawlError {
  static override readonly brand: string = 'PlaylistError';
  readonly code = 'TRAWL_ERR_PLAYLIST';
  constructor(
    readonly url: string,
    readonly line: number,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`playlist ${url} line ${line}: ${reason}`, options);
  }
}
