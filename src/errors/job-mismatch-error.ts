import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** A run or worker that does not fit the job it names (other rules, another spider, a single-process job). */
export class JobMismatchError extends InputError {
  static override readonly brand: string = 'JobMismatchError';
  override readonly code = 'TRAWL_ERR_JOB_MISMATCH';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
