import { TrawlError, type TrawlErrorOptions } from './trawl-error.js';

/**
 * A setting that comes from somewhere other than a flag and cannot be used: a config file's
 * unknown key or bad value, a TRAWL_* environment variable, a spider's settings, an -s pair.
 * `source` names where it came from (the file, the variable), `key` the setting.
 */
export class ConfigError extends TrawlError {
  static override readonly brand: string = 'ConfigError';
  readonly code = 'TRAWL_ERR_CONFIG';
  constructor(
    readonly source: string,
    readonly key: string | undefined,
    readonly reason: string,
    options?: TrawlErrorOptions,
  ) {
    super(`${source}: ${key !== undefined ? `${key}: ` : ''}${reason}`, options);
  }
}
