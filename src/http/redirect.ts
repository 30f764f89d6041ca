// Redirect layer, outermost: follows 301/302/303/307/308 hop by hop so that every hop goes
// through retries, slots, robots and cookies on its own. Only http(s) targets, at most
// maxRedirects, never the same request twice; 303 (and POST on 301/302) become GET as browsers
// do. Each hop's URL is appended to the call's chain, which becomes result.redirects.
import { RedirectError } from '../errors/redirect-error.js';
import type { TypedEmitter } from '../util/emitter.js';
import type { FetchEvent } from './events.js';
import { discardHop, type Exchange, type Send } from './exchange.js';
import { REDIRECT_STATUSES } from './retry.js';

export interface RedirectConfig {
  readonly maxRedirects: number;
  /** A redirect status listed here is returned as the result, not followed. */
  readonly allowStatus: ReadonlySet<number>;
  /** Called before each redirect is followed, with its target and the URL that sent it; throw to refuse it. */
  readonly checkTarget?: ((target: URL, from: URL) => void) | undefined;
}

const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie'];

/** Location values are bytes; servers that put raw UTF-8 there mean UTF-8, not latin1. */
function decodeLocation(value: string): string {
  return /[^\x00-\x7f]/.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

function withoutHeaders(headers: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  const copy = { ...headers };
  for (const name of names) delete copy[name];
  return copy;
}

/** The request for the next hop, per the Fetch standard's "HTTP-redirect fetch". */
function nextExchange(current: Exchange, status: number, target: URL): Exchange {
  let { method, body, headers } = current;
  if ((status === 303 && method !== 'GET' && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    headers = withoutHeaders(headers, BODY_HEADERS);
  }
  if (target.origin !== current.url.origin) headers = withoutHeaders(headers, CREDENTIAL_HEADERS);
  return { ...current, url: target, method, body, headers };
}

export function redirectLayer(config: RedirectConfig, events: TypedEmitter<FetchEvent>, next: Send): Send {
  return async (first) => {
    const chain = first.call.chain;
    chain.push(first.url.href);
    let seen: Set<string> | undefined; // made on the first redirect: most fetches have none
    let exchange = first;
    for (;;) {
      const hop = await next(exchange);
      const status = hop.status;
      if (!REDIRECT_STATUSES.has(status) || config.allowStatus.has(status)) return hop;
      discardHop(hop);
      const requested = chain[0]!;
      const location = hop.headers.location;
      let target: URL;
      try {
        if (!location) throw new Error('no Location header');
        target = new URL(decodeLocation(location.trim()), exchange.url);
      } catch (error) {
        throw new RedirectError(requested, 'bad-location', [...chain], { cause: error });
      }
      target.hash = '';
      const attempted = [...chain, target.href];
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new RedirectError(requested, 'bad-scheme', attempted);
      }
      config.checkTarget?.(target, exchange.url);
      const following = nextExchange(exchange, status, target);
      const key = `${following.method} ${target.href}`;
      seen ??= new Set([`${first.method} ${first.url.href}`]);
      if (seen.has(key)) throw new RedirectError(requested, 'loop', attempted);
      if (chain.length > config.maxRedirects) throw new RedirectError(requested, 'too-many', attempted);
      seen.add(key);
      events.emit({ type: 'redirect', from: exchange.url.href, to: target.href, status });
      chain.push(target.href);
      exchange = following;
    }
  };
}
