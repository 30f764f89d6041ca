// Items as JSON lines on stdout when no -o is given. A pipe cannot be rewound, so there is no
// checkpoint to resume from: a resumed crawl prints only what it still fetches.
import { writeSync } from 'node:fs';
import type { Item, Sink } from '../types/sink.js';

export class StdoutSink implements Sink {
  async open(): Promise<void> {}

  write(items: readonly Item[]): string {
    let text = '';
    for (const item of items) text += `${JSON.stringify(item)}\n`;
    writeAll(text);
    return '{}';
  }

  async close(): Promise<void> {}
}

function writeAll(text: string): void {
  const buffer = Buffer.from(text);
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(1, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
