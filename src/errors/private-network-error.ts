import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * A connection refused because the host is, or resolves to, a loopback, private, link-local or
 * other non-public address while private networks are not allowed (`privateNetworks: false`,
 * `--no-private-networks`). Never retryable: the answer would be the same.
 */
export class PrivateNetworkError extends TrawlError {
  static override readonly brand: string = 'PrivateNetworkError';
  readonly code = 'TRAWL_ERR_PRIVATE_NETWORK';
  constructor(
    readonly host: string,
    readonly address: string,
    /** The address range, e.g. 'loopback', 'private (RFC 1918)', 'unique local (fc00::/7)'. */
    readonly range: string,
    readonly url?: string,
    options?: TrawlErrorOptions,
  ) {
    const where = host === address ? address : `${host} (${address})`;
    super(`refused ${where}: ${range} address, and private networks are not allowed${url ? `: ${url}` : ''}`, options);
  }

  /** The same refusal, naming the request's URL. */
  forUrl(url: string): PrivateNetworkError {
    return this.url === url ? this : new PrivateNetworkError(this.host, this.address, this.range, url, { cause: this.cause });
  }
}
