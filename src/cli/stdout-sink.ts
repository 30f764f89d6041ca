// Where `crawl` and `run` write items: a file (`-o items.csv`; the format from the extension, or
// from --format), or standard output (`-o -`, or no -o) as JSON lines, CSV or a JSON array. A pipe
// cannot be rewound, so there is no checkpoint to resume from: a resumed crawl prints only what it
// still fetches.
import { resolve } from 'node:path';
import { OptionError } from '../errors/option-error.js';
import { createSink, JsonlSink } from '../sinks/index.js';
import { STDOUT_PATH } from '../sinks/file-sink.js';
import type { Sink } from '../types/sink.js';

const FORMATS = ['jsonl', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** Items as JSON lines on standard output. */
export class StdoutSink extends JsonlSink {
  constructor() {
    super(STDOUT_PATH);
  }
}

/** `--format`: jsonl, csv or json (letter case ignored); undefined when not given. */
export function formatOption(value: unknown): Format | undefined {
  if (value === undefined) return undefined;
  const format = String(value).trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) throw new OptionError('--format', value, 'expected jsonl, csv or json');
  return format as Format;
}

/**
 * The items sink for `-o` and `--format`, and the frontier key of its checkpoint. No -o, or
 * `-o -`: standard output. Checked before anything is fetched.
 */
export function itemsOutput(
  output: unknown,
  format: unknown,
  options: { bom?: boolean; columns?: readonly string[] },
): { sink: Sink; key: string } {
  const chosen = formatOption(format);
  const common = {
    bom: options.bom === true,
    ...(options.columns ? { columns: options.columns } : {}),
    ...(chosen ? { format: chosen } : {}),
    onWarning: (message: string) => process.stderr.write(`trawl: warning: ${message}\n`),
  };
  if (typeof output !== 'string' || output === STDOUT_PATH) return { sink: createSink(STDOUT_PATH, common), key: 'sink:stdout' };
  const path = resolve(output);
  return { sink: createSink(path, common), key: `sink:${path}` };
}
