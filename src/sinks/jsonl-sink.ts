// JSON Lines output: one JSON text per item and a newline, UTF-8, non-ASCII left as is.
import type { Item } from '../types/sink.js';
import { FileSink } from './file-sink.js';
import { parseSinkOptions, type SinkOptions } from './options.js';

export class JsonlSink extends FileSink {
  readonly format = 'jsonl';

  /** `options` are validated; `columns` and `bom` concern CSV only and are ignored here. */
  constructor(path: string, options?: SinkOptions) {
    super(path);
    parseSinkOptions(options);
  }

  protected render(items: readonly Item[]): string {
    let text = '';
    for (let i = 0; i < items.length; i++) text += `${this.stringify(items[i], i)}\n`;
    return text;
  }
}
