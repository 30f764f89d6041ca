// Slot layer: every attempt of every hop runs under a HostSlots permit for its own origin. The
// permit is given back as soon as the exchange is over: for fetch() when the body has been read,
// for stream() when the caller's body stream ends or is destroyed.
import type { Send } from './exchange.js';
import type { Permit, Slots } from './slots.js';

export function slotLayer(slots: Slots, next: Send): Send {
  return async (exchange) => {
    const origin = exchange.url.origin;
    let permit: Permit | undefined = exchange.call.permit;
    if (permit) {
      exchange.call.permit = undefined;
      // A permit the caller took for another origin cannot cover this one.
      if (permit.origin !== origin) {
        permit.release();
        permit = undefined;
      }
    }
    permit ??= slots.tryAcquire(origin) ?? (await slots.acquire(origin, exchange.signal));
    let hop;
    try {
      hop = await next(exchange);
    } catch (error) {
      permit.release();
      throw error;
    }
    const raw = hop.raw;
    if (!raw || raw.closed || raw.destroyed) {
      permit.release();
    } else {
      const held = permit;
      raw.once('close', () => held.release());
    }
    return hop;
  };
}
