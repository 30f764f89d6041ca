// Retry timing: exponential backoff with full jitter, and the server's own Retry-After.

export interface BackoffOptions {
  /** First delay before jitter. @default 500 */
  readonly baseMs?: number;
  /** Upper bound of any delay. @default 30000 */
  readonly maxMs?: number;
}

/**
 * Delay before retry number `attempt` (1 = first retry): a random value in
 * [base·2^(attempt-1) / 2, base·2^(attempt-1)], capped at maxMs. Half-jitter keeps retries
 * spread out without ever retrying immediately.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Milliseconds to wait according to a Retry-After header value (delta-seconds or an
 * HTTP-date), or undefined when the header is absent or unreadable. Never negative.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason when aborted first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
