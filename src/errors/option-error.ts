import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** An option with a value it cannot take, or an option that does not exist. */
export class OptionError extends TrawlError {
  static override readonly brand: string = 'OptionError';
  readonly code = 'TRAWL_ERR_OPTION';
  constructor(
    readonly option: string,
    readonly received: unknown,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`option ${option}: ${reason} (received ${formatReceived(received)})`, options);
  }
}

function formatReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
