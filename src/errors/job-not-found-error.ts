import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** A worker for a job that does not exist. */
export class JobNotFoundError extends InputError {
  static override readonly brand: string = 'JobNotFoundError';
  override readonly code = 'TRAWL_ERR_JOB_NOT_FOUND';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
