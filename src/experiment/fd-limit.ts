// How many files this process may open, and whether a run's sockets fit: each connection is a
// file descriptor, and C = 1000 is close to the common default limit of 1024.
import { readFileSync } from 'node:fs';
import { OptionError } from '../errors/option-error.js';
import type { ResolvedBenchOptions } from './options.js';

/** Descriptors a Node process holds besides the bench's sockets (stdio, epoll, the worker
 * threads' pipes, module files), with room to spare. */
export const FD_RESERVE = 64;

/**
 * The soft limit on open files (Node raises it to the hard limit at start-up, so this is what
 * the process really has), or undefined where /proc is not there to tell (not Linux).
 */
export function openFileLimit(): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    const value = Number(soft);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The option names to use in errors (the CLI passes its flags). */
export interface FdOptionNames {
  readonly concurrency: string;
  readonly sweep: string;
}

/**
 * Throws OptionError naming the option whose concurrency needs more sockets than the limit
 * allows. The delay server is assumed to run in another process (as `trawl bench` runs it).
 */
export function checkOpenFileLimit(
  o: Pick<ResolvedBenchOptions, 'modes' | 'concurrency' | 'pool' | 'sweep'>,
  limit: number | undefined = openFileLimit(),
  names: FdOptionNames = { concurrency: 'concurrency', sweep: 'sweep' },
): void {
  if (limit === undefined) return;
  const room = limit - FD_RESERVE - (o.modes.includes('pool') ? o.pool : 0);
  const fail = (option: string, received: unknown, c: number): never => {
    throw new OptionError(
      option,
      received,
      `${c} connections need about ${c + limit - room} open files, above this process's limit of ${limit} (raise it with ulimit -n, or lower the concurrency)`,
    );
  };
  if (o.modes.includes('async') && o.concurrency > room) fail(names.concurrency, o.concurrency, o.concurrency);
  const widest = Math.max(0, ...o.sweep);
  if (widest > room) fail(names.sweep, o.sweep.join(','), widest);
}
