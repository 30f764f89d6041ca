import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

export type BrowserProblem = 'launch' | 'crash' | 'closed';

/** The browser failed: it would not start, it or a page crashed, or the pool was closed under a caller. */
export class BrowserError extends TrawlError {
  static override readonly brand: string = 'BrowserError';
  readonly code = 'TRAWL_ERR_BROWSER';
  override readonly retryable: boolean;
  constructor(
    readonly problem: BrowserProblem,
    readonly detail: string,
    /** The page being loaded, when there was one. */
    readonly url?: string,
    options?: TrawlErrorOptions,
  ) {
    super(`browser ${problem === 'launch' ? 'failed to start' : problem === 'crash' ? 'crashed' : 'closed'}${url ? ` (${url})` : ''}: ${detail}`, options);
    this.retryable = problem === 'crash';
  }
}
