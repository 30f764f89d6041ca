import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/** Another live process is running the same job (same state file). */
export class JobLockedError extends TrawlError {
  static override readonly brand: string = 'JobLockedError';
  readonly code = 'TRAWL_ERR_JOB_LOCKED';
  constructor(
    readonly job: string,
    readonly pid: number,
    options?: TrawlErrorOptions,
  ) {
    super(`job ${JSON.stringify(job)} is already running in process ${pid}`, options);
  }
}
