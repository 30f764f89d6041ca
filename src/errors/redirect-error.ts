import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

export type RedirectProblem = 'too-many' | 'loop' | 'bad-scheme' | 'bad-location';

/** A redirect chain that cannot be followed. `chain` lists every URL visited, in order. */
export class RedirectError extends TrawlError {
  static override readonly brand: string = 'RedirectError';
  readonly code = 'TRAWL_ERR_REDIRECT';
  constructor(
    readonly url: string,
    readonly problem: RedirectProblem,
    readonly chain: readonly string[],
    options?: TrawlErrorOptions,
  ) {
    super(`${describe(problem)} after ${chain.length - 1} redirect(s): ${chain.join(' -> ')}`, options);
  }
}

function describe(problem: RedirectProblem): string {
  switch (problem) {
    case 'too-many':
      return 'too many redirects';
    case 'loop':
      return 'redirect loop';
    case 'bad-scheme':
      return 'redirect to a scheme other than http(s)';
    case 'bad-location':
      return 'redirect with an unusable Location';
  }
}
