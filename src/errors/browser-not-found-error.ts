import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * No Chromium to drive: the executable named by `--browser`, `TRAWL_BROWSER` or the default
 * (/usr/bin/chromium) is missing or cannot be run. The message names the fix.
 */
export class BrowserNotFoundError extends TrawlError {
  static override readonly brand: string = 'BrowserNotFoundError';
  readonly code = 'TRAWL_ERR_BROWSER_NOT_FOUND';
  constructor(
    readonly path: string,
    /** Where the path came from: '--browser', 'TRAWL_BROWSER' or 'default'. */
    readonly source: string,
    options?: TrawlErrorOptions,
  ) {
    super(
      source === 'default'
        ? `Chromium not found at ${path}: install it (apt-get install chromium) or name one with --browser <path>`
        : `Chromium not found at ${path} (from ${source}): fix the path, or install Chromium (apt-get install chromium)`,
      options,
    );
  }
}
