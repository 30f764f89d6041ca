// Turns what undici, node:net, node:tls and zlib throw into trawl's transport errors, so callers
// match on one stable code and read the URL in the message. The original error stays as `cause`.
import { TimeoutError } from '../errors/timeout-error.js';
import { NetworkError } from '../errors/network-error.js';
import { PrivateNetworkError } from '../errors/private-network-error.js';
import { ProxyError } from '../errors/proxy-error.js';
import { TrawlError, errorCode } from '../errors/trawl-error.js';

export interface Timeouts {
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
}

// undici codes that mean the exchange itself failed (as opposed to misuse, or a closed fetcher).
const UNDICI_NETWORK = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_ABORTED', // also how a proxy's refusal of CONNECT arrives
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
  'UND_ERR_PRX_TLS',
]);

function isNetworkCode(code: string): boolean {
  return (
    UNDICI_NETWORK.has(code) ||
    /^E[A-Z0-9_]+$/.test(code) || // system errors: ECONNREFUSED, ECONNRESET, ENOTFOUND, EPIPE…
    code.startsWith('HPE_') || // llhttp: the server sent something that is not HTTP
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code.startsWith('Z_') // a body whose content-encoding does not decode
  );
}

/**
 * The trawl error for a failed exchange with `url`. An abort requested through `signal` comes
 * back as the signal's reason; errors that are not about the transport are returned unchanged.
 */
export function mapTransportError(error: unknown, url: string, timeouts: Timeouts, signal?: AbortSignal): unknown {
  // Raised inside a connector, which knows the host but not the URL.
  if (error instanceof ProxyError || error instanceof PrivateNetworkError) return error.forUrl(url);
  if (error instanceof TrawlError) return error;
  if (signal?.aborted) return signal.reason;
  const code = errorCode(error);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new TimeoutError(url, 'connect', timeouts.connectTimeoutMs, { cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new TimeoutError(url, 'headers', timeouts.headersTimeoutMs, { cause: error });
    case 'UND_ERR_BODY_TIMEOUT':
      return new TimeoutError(url, 'body', timeouts.bodyTimeoutMs, { cause: error });
  }
  if (isNetworkCode(code)) return new NetworkError(url, code, { cause: error });
  return error;
}
