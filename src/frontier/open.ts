// Picks a frontier backend from the one-string spec the CLI and config accept.
import { OptionError } from '../errors/option-error.js';
import type { FrontierBackend } from '../types/frontier.js';
import { createMemoryFrontier } from './backends/memory.js';
import type { RedisFrontierOptions } from './backends/redis.js';
import { openSqliteFrontier, type SqliteFrontierOptions } from './backends/sqlite.js';

const EXPECTED = "expected 'memory', 'sqlite:<path>', a path ending in .db, redis://host[:port][/db], rediss://… or unix:/path/to/redis.sock";

export interface OpenFrontierOptions {
  /** The job's name: required for Redis, where one server holds many jobs. */
  readonly job?: string;
  readonly sqlite?: SqliteFrontierOptions;
  readonly redis?: RedisFrontierOptions;
}

/**
 * `memory`, `sqlite:<path>`, a path ending in `.db` (SQLite), or a Redis URL with `job`
 * (`redis://host:port[/db]`, `rediss://…` for TLS, `unix:/path/to/redis.sock[?db=N]`). A spec
 * that is none of these is an OptionError naming it; a Redis server that cannot be reached is
 * a FrontierUnavailableError naming the URL.
 */
export async function openFrontier(spec: string, options: OpenFrontierOptions = {}): Promise<FrontierBackend> {
  if (typeof spec !== 'string') throw new OptionError('frontier', spec, EXPECTED);
  if (spec === 'memory') return createMemoryFrontier();
  if (spec.startsWith('sqlite:')) {
    const path = spec.slice('sqlite:'.length);
    if (path === '') throw new OptionError('frontier', spec, 'sqlite: needs a file path, e.g. sqlite:.trawl/job.db');
    return openSqliteFrontier(path, options.sqlite);
  }
  if (/^(redis|rediss|unix):/i.test(spec)) {
    if (options.job === undefined) throw new OptionError('job', undefined, `is needed with a Redis frontier (${spec.split('@').pop()})`);
    return openRedisFrontier(spec, options.job, options.redis);
  }
  if (spec.endsWith('.db') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return openSqliteFrontier(spec, options.sqlite);
  throw new OptionError('frontier', spec, EXPECTED);
}

/**
 * Opens the job `job` on the Redis server at `url` (see backends/redis.ts). ioredis is loaded
 * only here, on first use: it costs ~50 ms to load and most runs never need it.
 */
export async function openRedisFrontier(url: string, job: string, options?: RedisFrontierOptions): Promise<FrontierBackend> {
  const { openRedisFrontier: open } = await import('./backends/redis.js');
  return open(url, job, options);
}
