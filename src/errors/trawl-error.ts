// The root of every error trawl raises. Each subclass has one stable `code` that scripts can
// match on, context fields naming the input and the place, and the original error as `cause`.

export interface TrawlErrorOptions {
  readonly cause?: unknown;
}

export abstract class TrawlError extends Error {
  abstract readonly code: string;
  /** Whether doing the same thing again may succeed (a timeout may; a 404 will not). */
  readonly retryable: boolean = false;

  constructor(message: string, options: TrawlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

export function isTrawlError(error: unknown): error is TrawlError {
  return error instanceof TrawlError;
}

/** The message of any thrown value, for one-line reports. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The stable code of a thrown value: a TrawlError's code, a Node system error's code, or ERR_UNKNOWN. */
export function errorCode(error: unknown): string {
  if (error instanceof TrawlError) return error.code;
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'ERR_UNKNOWN';
}
