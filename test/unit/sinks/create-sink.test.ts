import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { createSink, CsvSink, JsonlSink, JsonSink } from '../../../src/sinks/index.js';
import { makeTempDir } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('createSink', () => {
  it.each([
    ['out.jsonl', JsonlSink],
    ['out.NDJSON', JsonlSink],
    ['out.csv', CsvSink],
    ['out.Json', JsonSink],
  ])('picks the format of %s by its extension', (name, kind) => {
    expect(createSink(join(temp.dir, name))).toBeInstanceOf(kind);
  });

  it.each(['out.txt', 'out', 'out.json.gz', 'jsonl'])('rejects %j with an OptionError naming -o and the path', (name) => {
    const path = join(temp.dir, name);
    let error: unknown;
    try {
      createSink(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).option).toBe('-o');
    expect((error as OptionError).message).toContain('-o');
    expect((error as OptionError).message).toContain(JSON.stringify(path));
  });

  it('passes the options on to the sink', async () => {
    const path = join(temp.dir, 'x.csv');
    const sink = createSink(path, { columns: ['b'], bom: true });
    await sink.open(undefined);
    sink.write([{ a: 1, b: 2 }]);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFb\r\n2\r\n');
  });
});
