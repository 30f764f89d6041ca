// Turns an error that ended a command into one line on stderr and an exit code:
// 2 for bad input (a URL, an option, a selector, a file), 1 for anything else.
// TRAWL_DEBUG=1 adds the stack and causes.
import { TrawlError, errorMessage } from '../errors/trawl-error.js';

const BAD_INPUT = new Set([
  'TRAWL_ERR_INVALID_URL',
  'TRAWL_ERR_OPTION',
  'TRAWL_ERR_SELECTOR',
  'TRAWL_ERR_INPUT',
  'TRAWL_ERR_JOB_LOCKED',
  'TRAWL_ERR_SPIDER_LOAD',
  'TRAWL_ERR_PLAYLIST',
  'TRAWL_ERR_JOB_MISMATCH',
  'TRAWL_ERR_JOB_NOT_FOUND',
  'TRAWL_ERR_FRONTIER_UNAVAILABLE',
  'TRAWL_ERR_FRONTIER_SCHEMA',
  'TRAWL_ERR_BROWSER_NOT_FOUND',
  'TRAWL_ERR_MANIFEST',
  'TRAWL_ERR_ENCRYPTED',
]);

export function exitCodeFor(error: unknown): number {
  return error instanceof TrawlError && BAD_INPUT.has(error.code) ? 2 : 1;
}

export function formatError(error: unknown): string {
  const message = errorMessage(error).split('\n')[0] ?? '';
  return `trawl: ${message}`;
}

export function reportAndExit(error: unknown): never {
  process.stderr.write(`${formatError(error)}\n`);
  if (process.env.TRAWL_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  process.exit(exitCodeFor(error));
}
