import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** A file name or path that would leave its folder (or cannot be made unique there). */
export class UnsafePathError extends InputError {
  static override readonly brand: string = 'UnsafePathError';
  override readonly code = 'TRAWL_ERR_UNSAFE_PATH';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
