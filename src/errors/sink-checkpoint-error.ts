import { InputError } from './input-error.js';
import type { TrawlErrorOptions } from './trawl-error.js';

/** An output that does not match the checkpoint it is resumed from. */
export class SinkCheckpointError extends InputError {
  static override readonly brand: string = 'SinkCheckpointError';
  override readonly code = 'TRAWL_ERR_SINK_CHECKPOINT';
  constructor(input: string, place: string, reason: string, options: TrawlErrorOptions = {}) {
    super(input, place, reason, options);
  }
}
