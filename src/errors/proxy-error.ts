import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * What went wrong with a proxy: it could not be reached ('connect'), it wants other credentials
 * ('auth', HTTP 407 or a SOCKS authentication failure), it refused the target ('refused': a
 * CONNECT or SOCKS request turned down), the site answered through it with a ban status
 * ('banned', 403/429), or no proxy was available for long enough ('unavailable').
 */
export type ProxyFault = 'connect' | 'auth' | 'refused' | 'banned' | 'unavailable';

/**
 * A request failed because of its proxy. `proxy` is the proxy's URL with any password masked;
 * credentials never appear in the message. Retryable (another proxy, or the same one later, may
 * do), except 'unavailable', which comes after the fetcher has waited for a proxy already.
 */
export class ProxyError extends TrawlError {
  static override readonly brand: string = 'ProxyError';
  readonly code = 'TRAWL_ERR_PROXY';
  override readonly retryable: boolean;
  constructor(
    readonly proxy: string,
    readonly fault: ProxyFault,
    readonly reason: string,
    /** The request's URL, when known (a connector learns it only later). */
    readonly url?: string,
    options?: TrawlErrorOptions,
  ) {
    super(`proxy ${proxy}: ${reason}${url ? `: ${url}` : ''}`, options);
    this.retryable = fault !== 'unavailable';
  }

  /** The same failure, naming the request's URL. */
  forUrl(url: string): ProxyError {
    return this.url === url ? this : new ProxyError(this.proxy, this.fault, this.reason, url, { cause: this.cause });
  }
}
