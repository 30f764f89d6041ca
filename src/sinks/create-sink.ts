// Picks the dataset sink for an output path by its extension (the CLI's `-o`).
import { extname } from 'node:path';
import { OptionError } from '../errors/index.js';
import { STDOUT_PATH, type FileSink, type SinkFormat } from './file-sink.js';
import { CsvSink } from './csv-sink.js';
import { JsonSink } from './json-sink.js';
import { JsonlSink } from './jsonl-sink.js';
import type { SinkOptions } from './options.js';

/**
 * A sink for `path`: `.jsonl`/`.ndjson` → JSON Lines, `.csv` → CSV, `.json` → JSON array
 * (case-insensitive), unless `options.format` names the format. Any other extension is an
 * OptionError naming `-o` and the path. `-` is standard output (JSON Lines unless `format`).
 */
export function createSink(path: string, options?: SinkOptions): FileSink {
  const { format, ...rest } = options ?? {};
  if (format !== undefined || path === STDOUT_PATH) return createSinkOf(format ?? 'jsonl', path, rest);
  switch (extname(path).toLowerCase()) {
    case '.jsonl':
    case '.ndjson':
      return new JsonlSink(path, options);
    case '.csv':
      return new CsvSink(path, options);
    case '.json':
      return new JsonSink(path, options);
    default:
      throw new OptionError('-o', path, 'the output file must end in .jsonl, .ndjson, .csv or .json');
  }
}

function createSinkOf(format: SinkFormat, path: string, options: SinkOptions): FileSink {
  switch (format) {
    case 'jsonl':
      return new JsonlSink(path, options);
    case 'csv':
      return new CsvSink(path, options);
    case 'json':
      return new JsonSink(path, options);
    default:
      throw new OptionError('format', format, 'expected jsonl, csv or json');
  }
}
