// Picks the dataset sink for an output path by its extension (the CLI's `-o`).
import { extname } from 'node:path';
import { OptionError } from '../errors/index.js';
import type { FileSink } from './file-sink.js';
import { CsvSink } from './csv-sink.js';
import { JsonSink } from './json-sink.js';
import { JsonlSink } from './jsonl-sink.js';
import type { SinkOptions } from './options.js';

/**
 * A sink for `path`: `.jsonl`/`.ndjson` → JSON Lines, `.csv` → CSV, `.json` → JSON array
 * (case-insensitive). Any other extension is an OptionError naming `-o` and the path.
 */
export function createSink(path: string, options?: SinkOptions): FileSink {
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
