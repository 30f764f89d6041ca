import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** A request the frontier cannot store (bad field, data that is not JSON-serialisable). */
export class InvalidRequestError extends InputError {
  static override readonly brand: string = 'InvalidRequestError';
  override readonly code = 'TRAWL_ERR_INVALID_REQUEST';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
