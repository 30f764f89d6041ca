import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** An item that cannot be written in the output format. */
export class ItemError extends InputError {
  static override readonly brand: string = 'ItemError';
  override readonly code = 'TRAWL_ERR_ITEM';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
