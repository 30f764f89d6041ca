// What a crawl says on stderr and where its final counters go: -q / -v / -vv, --log-format and
// --stats-json, read from a command's settings and checked before anything starts.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { OptionError } from '../../errors/option-error.js';
import { useLogFormat, type LogFormat } from './lines.js';

export interface LogSettings {
  /** -1 quiet (-q), 0 normal, 1 verbose (-v), 2 every request (-vv). */
  readonly level: number;
  readonly format: LogFormat;
  /** Absolute path of the --stats-json file. */
  readonly statsJson: string | undefined;
}

/** From a command's settings; a --stats-json path in a folder that does not exist is an error now. */
export function logSettingsFrom(options: Record<string, unknown>): LogSettings {
  const format: LogFormat = options.logFormat === 'json' ? 'json' : 'text';
  useLogFormat(format);
  return {
    level: verbosity(options),
    format,
    statsJson: typeof options.statsJson === 'string' ? statsPath(options.statsJson) : undefined,
  };
}

/** -1 quiet (-q), 0 normal, 1 -v, 2 -vv. */
export function verbosity(options: Record<string, unknown>): number {
  if (options.quiet === true) return -1;
  const verbose = typeof options.verbose === 'number' ? options.verbose : options.verbose === true ? 1 : 0;
  return Math.min(2, verbose);
}

function statsPath(file: string): string {
  const path = resolve(file);
  const folder = dirname(path);
  const info = statSync(folder, { throwIfNoEntry: false });
  if (!info) throw new OptionError('--stats-json', file, `folder ${folder} does not exist`);
  if (!info.isDirectory()) throw new OptionError('--stats-json', file, `${folder} is not a folder`);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new OptionError('--stats-json', file, 'is a folder');
  return path;
}
