// Reports every exchange that goes out on the network as a 'request' event: its URL, method,
// status (0 when no answer came) and time to the headers. Placed right above the transport, so
// each attempt, each redirect hop, each proxy switch, robots.txt and every download counts once,
// and a cache hit (answered above it) not at all.
import { errorCode } from '../errors/trawl-error.js';
import type { TypedEmitter } from '../util/emitter.js';
import type { FetchEvent } from './events.js';
import type { Send } from './exchange.js';

export function requestEventsLayer(events: TypedEmitter<FetchEvent>): (next: Send) => Send {
  return (next) => async (exchange) => {
    // Date.now(), not performance.now(): the global `performance` loads perf_hooks, a few ms at start-up.
    const started = Date.now();
    const url = exchange.url.href;
    try {
      const hop = await next(exchange);
      events.emit({ type: 'request', url, method: exchange.method, status: hop.status, ms: Date.now() - started });
      return hop;
    } catch (error) {
      events.emit({ type: 'request', url, method: exchange.method, status: 0, ms: Date.now() - started, code: errorCode(error) });
      throw error;
    }
  };
}
