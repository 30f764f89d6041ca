import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonSink } from '../../../src/sinks/index.js';
import { makeTempDir, sampleItems } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('JsonSink', () => {
  it('writes a JSON array that parses back to the items of all batches', async () => {
    const path = join(temp.dir, 'out.json');
    const sink = new JsonSink(path);
    await sink.open(undefined);
    const items = sampleItems(23);
    sink.write(items.slice(0, 1));
    sink.write(items.slice(1, 12));
    sink.write([]);
    sink.write(items.slice(12));
    await sink.close();
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toEqual(items);
    expect(text.startsWith('[{"id":0,')).toBe(true);
    expect(text.endsWith('}]\n')).toBe(true);
    expect(text.split(',\n{"id":').length).toBe(23);
  });

  it('writes an empty array when no item came', async () => {
    const path = join(temp.dir, 'empty.json');
    const sink = new JsonSink(path);
    await sink.open(undefined);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('[]\n');
  });

  it('leaves a prefix of the array before close, with the closing bracket after the last checkpoint', async () => {
    const path = join(temp.dir, 'prefix.json');
    const sink = new JsonSink(path);
    await sink.open(undefined);
    const checkpoint = JSON.parse(sink.write([{ a: 1 }, { a: 2 }]));
    expect(readFileSync(path, 'utf8')).toBe('[{"a":1},\n{"a":2}');
    await sink.close();
    expect(checkpoint.offset).toBe(Buffer.byteLength('[{"a":1},\n{"a":2}'));
    expect(readFileSync(path, 'utf8').slice(checkpoint.offset)).toBe(']\n');
  });
});
