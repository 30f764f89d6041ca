import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A request the crawl's host rules (--allow-host / --deny-host) refuse: a redirect to another host. */
export class HostDeniedError extends TrawlError {
  static override readonly brand: string = 'HostDeniedError';
  readonly code = 'TRAWL_ERR_HOST_DENIED';
  constructor(
    /** The refused URL. */
    readonly url: string,
    /** Its host (with the port, when not the default). */
    readonly host: string,
    /** The URL that redirected there. */
    readonly from: string,
    /** Which rule refused it. */
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`redirect to host ${host} refused (${reason}): ${from} -> ${url}`, options);
  }
}
