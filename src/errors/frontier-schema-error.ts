import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** A frontier file that is not a trawl database, or one written by a newer trawl. */
export class FrontierSchemaError extends InputError {
  static override readonly brand: string = 'FrontierSchemaError';
  override readonly code = 'TRAWL_ERR_FRONTIER_SCHEMA';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
