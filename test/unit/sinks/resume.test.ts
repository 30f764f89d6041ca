import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, OptionError } from '../../../src/errors/index.js';
import { CsvSink, createSink, JsonSink, JsonlSink } from '../../../src/sinks/index.js';
import type { Item } from '../../../src/types/sink.js';
import { makeTempDir, readCsv, sampleItems } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

const formats = ['jsonl', 'csv', 'json'] as const;
const garbage = { jsonl: '{"id":999,"title":"half', csv: '999,"half a fie', json: ',\n{"id":999,"tit' };

/** The bytes of the same items written in one uninterrupted run. */
async function cleanRun(ext: string, batches: Item[][]): Promise<string> {
  const path = join(temp.dir, `reference.${ext}`);
  const sink = createSink(path);
  await sink.open(undefined);
  for (const batch of batches) sink.write(batch);
  await sink.close();
  return readFileSync(path, 'utf8');
}

describe.each(formats)('resuming a %s export', (ext) => {
  const [a, b, c] = [sampleItems(7, 0), sampleItems(5, 7), sampleItems(9, 12)] as [Item[], Item[], Item[]];

  it('cuts off the half-written tail of a killed run and continues with nothing lost or repeated', async () => {
    const path = join(temp.dir, `out.${ext}`);
    const first = createSink(path);
    await first.open(undefined);
    first.write(a);
    const checkpoint = first.write(b);
    // The process dies here: no close(), and half of the next batch reached the file.
    appendFileSync(path, garbage[ext]);

    const second = createSink(path);
    await second.open(checkpoint);
    second.write(c);
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe(await cleanRun(ext, [a, b, c]));
  });

  it('re-opens a completed export at its last checkpoint and appends to it', async () => {
    const path = join(temp.dir, `done.${ext}`);
    const first = createSink(path);
    await first.open(undefined);
    const checkpoint = first.write(a);
    await first.close();

    const second = createSink(path);
    await second.open(checkpoint);
    second.write(b);
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe(await cleanRun(ext, [a, b]));
  });

  it('refuses a file shorter than the checkpoint with an error naming the file', async () => {
    const path = join(temp.dir, `tampered.${ext}`);
    const first = createSink(path);
    await first.open(undefined);
    const checkpoint = first.write(a);
    await first.close();
    truncateSync(path, 5);
    const error = await createSink(path).open(checkpoint).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain(path);
    expect((error as InputError).message).toMatch(/only 5 bytes/);
    expect(readFileSync(path).length).toBe(5);
  });

  it('refuses to resume when the file is gone', async () => {
    const path = join(temp.dir, `gone.${ext}`);
    const first = createSink(path);
    await first.open(undefined);
    const checkpoint = first.write(a);
    await first.close();
    const missing = join(temp.dir, `missing.${ext}`);
    await expect(createSink(missing).open(checkpoint)).rejects.toThrow(new RegExp(`missing\\.${ext}.*missing`));
  });

  it('survives a real SIGKILL in the middle of writing', async () => {
    const path = join(temp.dir, `killed.${ext}`);
    const checkpoint = await runAndKill(path, 0, '');
    const state = JSON.parse(checkpoint) as { items: number };
    expect(state.items).toBeGreaterThanOrEqual(200 * 20);

    const sink = createSink(path, { columns: ['id', 'title'] });
    await sink.open(checkpoint);
    sink.write([{ id: state.items, title: 'last' }]);
    await sink.close();
    const ids = readIds(ext, readFileSync(path, 'utf8'));
    expect(ids).toEqual(Array.from({ length: state.items + 1 }, (_, i) => i));
  });
});

describe('resume guards', () => {
  it('refuses a checkpoint from another format', async () => {
    const path = join(temp.dir, 'x.jsonl');
    const sink = new JsonlSink(path);
    await sink.open(undefined);
    const checkpoint = sink.write([{ a: 1 }]);
    await sink.close();
    await expect(new JsonSink(path).open(checkpoint)).rejects.toThrow(/x\.jsonl.*belongs to a jsonl output, not json/);
    await expect(new JsonSink(path).open('not json')).rejects.toThrow(/checkpoint not json is not JSON/);
  });

  it('keeps the CSV columns of the first run and refuses different ones', async () => {
    const path = join(temp.dir, 'cols.csv');
    const first = new CsvSink(path);
    await first.open(undefined);
    const checkpoint = first.write([{ b: 1, a: 2 }]);
    await first.close();

    const second = new CsvSink(path);
    await second.open(checkpoint);
    second.write([{ a: 4, b: 3 }]);
    await second.close();
    expect(readCsv(readFileSync(path, 'utf8'))).toEqual([['b', 'a'], ['1', '2'], ['3', '4']]);

    await expect(new CsvSink(path, { columns: ['a', 'b'] }).open(checkpoint)).rejects.toThrow(OptionError);
  });

  it('writes the CSV header after the BOM when the checkpoint came before any item', async () => {
    const path = join(temp.dir, 'early.csv');
    const first = new CsvSink(path, { bom: true });
    await first.open(undefined);
    const checkpoint = first.write([]);
    writeFileSync(path, '\uFEFFgarbage');
    const second = new CsvSink(path, { bom: true });
    await second.open(checkpoint);
    second.write([{ k: 'v' }]);
    await second.close();
    expect(readFileSync(path, 'utf8')).toBe('\uFEFFk\r\nv\r\n');
  });
});

/** Runs the kill-writer child, kills it after 20 checkpoints, returns the last one it printed. */
function runAndKill(path: string, from: number, checkpoint: string): Promise<string> {
  const fixture = join(import.meta.dirname, 'fixtures', 'kill-writer.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, path, String(from), checkpoint], {
    // `--import tsx` resolves from the working folder: the repository root.
    cwd: join(import.meta.dirname, '..', '..', '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    let last = '';
    let seen = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        last = line;
        seen++;
      }
      if (seen >= 20 && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL' && last) resolve(last);
      else reject(new Error(`kill-writer ended without being killed: ${stderr}`));
    });
  });
}

function readIds(ext: string, text: string): number[] {
  if (ext === 'jsonl') return text.trimEnd().split('\n').map((line) => (JSON.parse(line) as { id: number }).id);
  if (ext === 'json') return (JSON.parse(text) as { id: number }[]).map((item) => item.id);
  return readCsv(text)
    .slice(1)
    .map((row) => Number(row[0]));
}
