import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { CsvSink } from '../../../src/sinks/index.js';
import { makeTempDir, readCsv, sampleItems } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

async function exportCsv(name: string, batches: Record<string, unknown>[][], options?: ConstructorParameters<typeof CsvSink>[1]) {
  const path = join(temp.dir, name);
  const sink = new CsvSink(path, options);
  await sink.open(undefined);
  for (const batch of batches) sink.write(batch);
  await sink.close();
  return readFileSync(path);
}

describe('CsvSink (RFC 4180)', () => {
  it('round-trips commas, quotes, CRLF, LF and Chinese text through a strict RFC 4180 reader', async () => {
    const items = sampleItems(30);
    const bytes = await exportCsv('out.csv', [items.slice(0, 7), items.slice(7, 8), items.slice(8)]);
    const rows = readCsv(bytes.toString('utf8'));
    expect(rows[0]).toEqual(['id', 'title', 'price', 'ok']);
    expect(rows.slice(1)).toEqual(items.map((item) => [String(item.id), item.title, String(item.price), String(item.ok)]));
  });

  it('§2.1: each record is located on a separate line, delimited by a line break (CRLF)', async () => {
    const text = (await exportCsv('crlf.csv', [[{ a: 1, b: 2 }], [{ a: 3, b: 4 }]])).toString('utf8');
    expect(text).toBe('a,b\r\n1,2\r\n3,4\r\n');
  });

  it('§2.6/§2.7: fields containing line breaks, double quotes and commas are enclosed in quotes, inner quotes doubled', async () => {
    const text = (await exportCsv('q.csv', [[{ v: 'say "hi", ok' }, { v: 'a\rb' }, { v: 'x\ny' }, { v: 'plain' }]])).toString('utf8');
    expect(text).toBe('v\r\n"say ""hi"", ok"\r\n"a\rb"\r\n"x\ny"\r\nplain\r\n');
  });

  it('writes a UTF-8 BOM first only when asked', async () => {
    const withBom = await exportCsv('bom.csv', [[{ name: '张三' }]], { bom: true });
    const without = await exportCsv('nobom.csv', [[{ name: '张三' }]]);
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readCsv(withBom.subarray(3).toString('utf8'))).toEqual([['name'], ['张三']]);
    expect(without[0]).toBe('n'.charCodeAt(0));
    expect(readCsv(without.toString('utf8'))).toEqual([['name'], ['张三']]);
  });

  it('writes null and undefined as empty fields, objects and arrays as JSON, numbers and booleans as text', async () => {
    const text = (
      await exportCsv('types.csv', [[{ n: null, u: undefined, o: { k: 'v' }, a: [1, 'x'], i: 42, f: -0.5, t: true, d: new Date(0) }]])
    ).toString('utf8');
    expect(readCsv(text)).toEqual([
      ['n', 'u', 'o', 'a', 'i', 'f', 't', 'd'],
      ['', '', '{"k":"v"}', '[1,"x"]', '42', '-0.5', 'true', '1970-01-01T00:00:00.000Z'],
    ]);
  });

  it('uses the given columns in their order, leaving missing fields empty, and writes the header even with no items', async () => {
    const rows = readCsv((await exportCsv('cols.csv', [[{ b: 2, a: 1 }, { a: 3 }]], { columns: ['a', 'b'] })).toString('utf8'));
    expect(rows).toEqual([['a', 'b'], ['1', '2'], ['3', '']]);
    expect((await exportCsv('none.csv', [], { columns: ['x', 'y,z'] })).toString('utf8')).toBe('x,"y,z"\r\n');
  });

  it('drops keys that are not columns and warns once', async () => {
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    const text = await exportCsv('drop.csv', [[{ a: 1 }, { a: 2, extra: 'x' }], [{ a: 3, other: 'y' }]], { onWarning });
    expect(readCsv(text.toString('utf8'))).toEqual([['a'], ['1'], ['2'], ['3']]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/drop\.csv.*extra/);
  });

  it('rejects unknown or malformed options with an OptionError naming the option', () => {
    expect(() => new CsvSink(join(temp.dir, 'x.csv'), { colums: ['a'] } as never)).toThrow(OptionError);
    expect(() => new CsvSink(join(temp.dir, 'x.csv'), { colums: ['a'] } as never)).toThrow(/colums/);
    expect(() => new CsvSink(join(temp.dir, 'x.csv'), { columns: ['a', 'a'] })).toThrow(/option columns: .*twice/);
    expect(() => new CsvSink(join(temp.dir, 'x.csv'), { bom: 'yes' } as never)).toThrow(/option bom: .*received "yes"/);
  });
});
