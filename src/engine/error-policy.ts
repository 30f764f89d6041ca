// How the crawler treats an error a handler threw: retry it, fail the request, or stop. Checks
// classes (instanceof holds across copies of trawl: see TrawlError.brand), not code strings.
import { CriticalError, SlowDownError } from '../errors/policy-errors.js';
import { HostDeniedError } from '../errors/host-denied-error.js';
import { RobotsDisallowedError } from '../errors/robots-disallowed-error.js';
import { TrawlError } from '../errors/trawl-error.js';

/** Retryable handler errors: a TrawlError says so itself; programming errors never are. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TrawlError) return error.retryable;
  return !(error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError);
}

export function isCritical(error: unknown): error is CriticalError {
  return error instanceof CriticalError;
}

export function isSlowDown(error: unknown): error is SlowDownError {
  return error instanceof SlowDownError;
}

/** robots.txt or the crawl's host rules refused the request: the crawl working as asked, not a failure. */
export function isRefusal(error: unknown): error is RobotsDisallowedError | HostDeniedError {
  return error instanceof RobotsDisallowedError || error instanceof HostDeniedError;
}
