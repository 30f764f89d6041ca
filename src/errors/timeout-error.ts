import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

/** A request that did not connect, answer or finish its body in time. */
export class TimeoutError extends TrawlError {
  static override readonly brand: string = 'TimeoutError';
  readonly code = 'TRAWL_ERR_TIMEOUT';
  override readonly retryable = true;
  constructor(
    readonly url: string,
    readonly phase: TimeoutPhase,
    readonly timeoutMs: number,
    options?: TrawlErrorOptions,
  ) {
    super(`${phase} timeout after ${timeoutMs} ms: ${url}`, options);
  }
}
