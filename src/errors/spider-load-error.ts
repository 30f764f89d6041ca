import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** A spider module that is missing, does not load, or exports no spider. */
export class SpiderLoadError extends InputError {
  static override readonly brand: string = 'SpiderLoadError';
  override readonly code = 'TRAWL_ERR_SPIDER_LOAD';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
