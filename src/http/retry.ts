// Retry layer, per hop: network errors, timeouts, 408, 429 and 5xx are tried again after an
// exponential, half-jittered backoff, up to maxRetries. A Retry-After header blocks the whole
// origin in HostSlots until it expires, so no request to that host (this one or any other)
// starts before the server said it may. Other non-2xx statuses fail at once, unless allowed.
// Redirect statuses pass through untouched: the redirect layer above handles them.
import { HttpStatusError } from '../errors/http-status-error.js';
import { TrawlError, errorCode, errorMessage } from '../errors/trawl-error.js';
import { backoffDelay, parseRetryAfter, sleep } from '../util/backoff.js';
import type { TypedEmitter } from '../util/emitter.js';
import type { FetchEvent } from './events.js';
import { discardHop, type Send } from './exchange.js';
import type { Slots } from './slots.js';

export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface RetryConfig {
  readonly maxRetries: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Statuses handed back as results: never retried, never thrown. */
  readonly allowStatus: ReadonlySet<number>;
}

export function retryLayer(config: RetryConfig, slots: Slots, events: TypedEmitter<FetchEvent>, next: Send): Send {
  const backoff = { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs };
  return async (exchange) => {
    const url = exchange.url.href;
    for (let retry = 0; ; retry++) {
      exchange.call.attempts++;
      let failure: TrawlError;
      let retryAfterMs: number | undefined;
      try {
        const hop = await next(exchange);
        const status = hop.status;
        if ((status >= 200 && status < 300) || REDIRECT_STATUSES.has(status) || config.allowStatus.has(status)) {
          return hop;
        }
        discardHop(hop);
        const retryable = status === 408 || status === 429 || status >= 500;
        retryAfterMs = retryable ? parseRetryAfter(hop.headers['retry-after']) : undefined;
        failure = new HttpStatusError(url, status, retryAfterMs);
        if (retryAfterMs !== undefined) slots.block(exchange.url.origin, Date.now() + retryAfterMs);
      } catch (error) {
        if (exchange.signal?.aborted) throw exchange.signal.reason;
        if (!(error instanceof TrawlError)) throw error;
        failure = error;
      }
      if (!failure.retryable || retry >= config.maxRetries) throw failure;
      // A wait longer than we are willing to sit through inside one call is the caller's to
      // schedule (the error carries retryAfterMs); the host stays blocked meanwhile.
      if (retryAfterMs !== undefined && retryAfterMs > config.retryMaxMs) throw failure;
      const delayMs = retryAfterMs ?? backoffDelay(retry + 1, backoff);
      events.emit({
        type: 'retry',
        url,
        attempt: retry + 2,
        delayMs,
        reason: errorMessage(failure),
        code: errorCode(failure),
      });
      // With Retry-After the origin is blocked: the slot layer below waits for it to lift.
      if (retryAfterMs === undefined) await sleep(delayMs, exchange.signal);
    }
  };
}
