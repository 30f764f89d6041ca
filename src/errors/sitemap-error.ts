import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** A sitemap (or robots.txt given as one) that cannot be read or is not a sitemap; the crawl goes on without it. */
export class SitemapError extends TrawlError {
  static override readonly brand: string = 'SitemapError';
  readonly code = 'TRAWL_ERR_SITEMAP';
  constructor(
    /** The sitemap's URL. */
    readonly url: string,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`sitemap ${url}: ${reason}`, options);
  }
}
