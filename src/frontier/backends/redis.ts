// Placeholder until the Redis backend lands (branch `redis`): the CLI's job code is written
// against this signature.
import { OptionError } from '../../errors/option-error.js';
import type { FrontierBackend } from '../../types/frontier.js';

export async function openRedisFrontier(url: string, _job: string): Promise<FrontierBackend> {
  throw new OptionError('--frontier', url, 'the Redis frontier is not built yet');
}
