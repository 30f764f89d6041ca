// JSON array output: `[` + items separated by `,\n` + `]\n`. Until close() the file is a prefix
// of the final array; the closing bytes lie after the last checkpoint, so a resume (even after
// a completed run) cuts them off and the next item gets its separator.
import type { Item } from '../types/sink.js';
import { FileSink } from './file-sink.js';
import { parseSinkOptions, type SinkOptions } from './options.js';

export class JsonSink extends FileSink {
  readonly format = 'json';

  /** `options` are validated; `columns` and `bom` concern CSV only and are ignored here. */
  constructor(path: string, options?: SinkOptions) {
    super(path);
    parseSinkOptions(options);
  }

  protected override begin(): void {
    this.append('[');
  }

  protected render(items: readonly Item[], before: number): string {
    let text = '';
    for (let i = 0; i < items.length; i++) {
      text += (before + i === 0 ? '' : ',\n') + this.stringify(items[i], i);
    }
    return text;
  }

  protected override finish(): string {
    return ']\n';
  }
}
