// Options shared by the dataset sinks, and their validation at the public boundary.
import { z } from 'zod';
import { validateOptions } from '../config/validate.js';

export interface SinkOptions {
  /**
   * CSV only: the columns, in order. Fields of an item that are not columns are dropped (with one
   * warning); columns an item lacks are left empty.
   * @default the keys of the first item written, in their order
   */
  readonly columns?: readonly string[];
  /**
   * CSV only: start the file with a UTF-8 byte order mark, so that Excel reads it as UTF-8.
   * @default false
   */
  readonly bom?: boolean;
  /**
   * Receives problems that do not stop the export, such as CSV fields dropped because they are
   * not columns. Library code never prints; the CLI passes a function that does.
   * @default warnings are discarded
   */
  readonly onWarning?: (message: string) => void;
  /**
   * createSink only: the format, whatever the path's extension (needed for `-`, standard output).
   * @default from the extension
   */
  readonly format?: 'jsonl' | 'csv' | 'json';
}

const KNOWN = ['columns', 'bom', 'onWarning', 'format'] as const;

const schema = z.strictObject({
  columns: z
    .array(z.string().min(1, 'column names must not be empty'))
    .min(1, 'must name at least one column')
    .refine((cols) => new Set(cols).size === cols.length, 'must not name a column twice')
    .optional(),
  bom: z.boolean().optional(),
  onWarning: z
    .custom<(message: string) => void>((value) => typeof value === 'function', 'must be a function')
    .optional(),
  format: z.enum(['jsonl', 'csv', 'json']).optional(),
});

/** Validates sink options once, throwing an OptionError that names the option and the value. */
export function parseSinkOptions(options: SinkOptions | undefined): SinkOptions {
  return validateOptions(schema, options, `a sink (known: ${KNOWN.join(', ')})`);
}
