import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * A DASH MPD (or another XML manifest) that cannot be used: not well-formed XML, an unknown
 * template identifier, a Representation with no way to find its segments, a sidx that does not
 * match its file. `line` and `column` are 1-based and point at the element (or the XML error);
 * `element` names it, e.g. `<SegmentTemplate>` in `Representation id="v1"`.
 */
export class ManifestError extends TrawlError {
  static override readonly brand: string = 'ManifestError';
  readonly code = 'TRAWL_ERR_MANIFEST';
  constructor(
    readonly url: string,
    readonly line: number,
    readonly column: number,
    readonly element: string,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`manifest ${url} line ${line}${column > 0 ? ` column ${column}` : ''}${element ? ` (${element})` : ''}: ${reason}`, options);
  }
}
