import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonlSink } from '../../../src/sinks/index.js';
import { makeTempDir, sampleItems } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('JsonlSink', () => {
  it('writes every item of several batches as one JSON line each, in order', async () => {
    const path = join(temp.dir, 'out.jsonl');
    const sink = new JsonlSink(path);
    await sink.open(undefined);
    const items = sampleItems(25);
    sink.write(items.slice(0, 10));
    sink.write([]);
    sink.write(items.slice(10, 11));
    sink.write(items.slice(11));
    await sink.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(items);
  });

  it('keeps non-ASCII text as UTF-8 instead of escaping it', async () => {
    const path = join(temp.dir, 'cn.jsonl');
    const sink = new JsonlSink(path);
    await sink.open(undefined);
    sink.write([{ title: '三体 🐟' }]);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('{"title":"三体 🐟"}\n');
  });

  it('creates missing parent folders and replaces an existing file', async () => {
    const path = join(temp.dir, 'a', 'b', 'out.jsonl');
    for (const title of ['first', 'second']) {
      const sink = new JsonlSink(path);
      await sink.open(undefined);
      sink.write([{ title }]);
      await sink.close();
    }
    expect(readFileSync(path, 'utf8')).toBe('{"title":"second"}\n');
  });

  it('returns a checkpoint holding the byte offset just after the batch', async () => {
    const path = join(temp.dir, 'cp.jsonl');
    const sink = new JsonlSink(path);
    await sink.open(undefined);
    const checkpoint = JSON.parse(sink.write([{ a: '中' }, { a: 2 }]));
    expect(checkpoint).toMatchObject({ format: 'jsonl', offset: Buffer.byteLength('{"a":"中"}\n{"a":2}\n'), items: 2 });
    await sink.close();
  });

  it('rejects a batch with an item that is not JSON-serialisable and writes none of it', async () => {
    const path = join(temp.dir, 'bad.jsonl');
    const sink = new JsonlSink(path);
    await sink.open(undefined);
    sink.write([{ ok: 1 }]);
    expect(() => sink.write([{ ok: 2 }, { big: 10n }])).toThrow(/bad\.jsonl \(item 3\).*BigInt/);
    await sink.close();
    expect(readFileSync(path, 'utf8')).toBe('{"ok":1}\n');
  });

  it('refuses to write before open', () => {
    expect(() => new JsonlSink(join(temp.dir, 'x.jsonl')).write([{ a: 1 }])).toThrow(/x\.jsonl, which is not open/);
  });
});
