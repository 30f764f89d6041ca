// Errors a handler throws to steer the crawl, as opposed to transport errors that say what failed.
// The engine reads the class, not the message: retry, never retry, stop everything, or slow down.
import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** Retry this request (counts against the retry limit). */
export class RetryRequestError extends TrawlError {
  static override readonly brand: string = 'RetryRequestError';
  readonly code = 'TRAWL_ERR_RETRY_REQUEST';
  override readonly retryable = true;
  constructor(message = 'handler asked for a retry', options?: TrawlErrorOptions) {
    super(message, options);
  }
}

/** Fail this request for good: retrying cannot help. */
export class NonRetryableError extends TrawlError {
  static override readonly brand: string = 'NonRetryableError';
  readonly code = 'TRAWL_ERR_NON_RETRYABLE';
  constructor(message: string, options?: TrawlErrorOptions) {
    super(message, options);
  }
}

/** Stop the whole crawl now; what is committed stays committed and the job can be resumed. */
export class CriticalError extends TrawlError {
  static override readonly brand: string = 'CriticalError';
  readonly code = 'TRAWL_ERR_CRITICAL';
  constructor(message: string, options?: TrawlErrorOptions) {
    super(message, options);
  }
}

/** The site is pushing back (a ban page, a captcha): retry later and slow this host down. */
export class SlowDownError extends TrawlError {
  static override readonly brand: string = 'SlowDownError';
  readonly code = 'TRAWL_ERR_SLOW_DOWN';
  override readonly retryable = true;
  constructor(
    message = 'handler asked to slow down',
    readonly delayMs?: number,
    options?: TrawlErrorOptions,
  ) {
    super(message, options);
  }
}
