// How the crawler treats an error a handler threw: retry it, fail the request, or stop.
import { TrawlError } from '../errors/trawl-error.js';

/**
 * Retryable handler errors: a TrawlError says so itself; programming errors never are.
 * Policy errors are recognised by their code, not by class: a spider loaded through tsx (or a
 * second copy of trawl in the user's project) has its own copies of the error classes.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TrawlError) return error.retryable;
  if (isTrawlShaped(error)) return (error as { retryable?: unknown }).retryable === true;
  return !(error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError);
}

export function isTrawlShaped(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('TRAWL_ERR_');
}

export function hasCode(error: unknown, code: string): boolean {
  return isTrawlShaped(error) && error.code === code;
}

