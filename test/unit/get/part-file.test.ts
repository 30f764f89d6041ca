// The part file: positional writes from several writers into one preallocated file, bounded
// write-behind, and no following of symlinks planted at the part name.
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartWriter, createPart, regularFileSize, reopenPart } from '../../../src/media/get/part-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trawl-part-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const pattern = (size: number, seed: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + seed) & 0xff));

describe('part file', () => {
  it('lets several writers fill their own ranges of a preallocated part, in any order', async () => {
    const size = 3 * 300_000;
    const whole = pattern(size, 3);
    const path = join(dir, 'f.part');
    const handle = await createPart(path, size);
    expect(lstatSync(path).size).toBe(size);
    const writers = [0, 1, 2].map((k) => new PartWriter(handle, k * 300_000));
    // Interleave small chunks of the three ranges, last range first.
    for (let at = 0; at < 300_000; at += 7_000) {
      for (const k of [2, 0, 1]) {
        const start = k * 300_000 + at;
        await writers[k]!.push(whole.subarray(start, Math.min(start + 7_000, (k + 1) * 300_000)));
      }
    }
    await Promise.all(writers.map((writer) => writer.flush()));
    expect(writers.map((writer) => writer.durable)).toEqual([300_000, 600_000, 900_000]);
    await handle.close();
    expect(readFileSync(path).equals(whole)).toBe(true);
  });

  it('asks the reader to wait once more than a megabyte is queued, and never loses a byte', async () => {
    const path = join(dir, 'g.part');
    const handle = await createPart(path);
    const writer = new PartWriter(handle, 0);
    const chunk = pattern(256 * 1024, 1);
    const waits: (Promise<void> | undefined)[] = [];
    for (let i = 0; i < 8; i++) waits.push(writer.push(chunk));
    expect(waits.slice(0, 4).every((wait) => wait === undefined)).toBe(true);
    expect(waits.slice(5).every((wait) => wait instanceof Promise)).toBe(true);
    await Promise.all(waits);
    await writer.flush();
    await handle.close();
    expect(readFileSync(path).equals(Buffer.concat(Array.from({ length: 8 }, () => chunk)))).toBe(true);
  });

  it('appends after the bytes already in a part it reopens', async () => {
    const path = join(dir, 'h.part');
    writeFileSync(path, 'hello ');
    const handle = await reopenPart(path);
    const writer = new PartWriter(handle, await regularFileSize(path) ?? 0);
    writer.push(Buffer.from('world'));
    await writer.flush();
    await handle.close();
    expect(readFileSync(path, 'utf8')).toBe('hello world');
  });

  it('refuses to write through a symlink planted at the part name', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(dir, 'x.part'));
    await expect(createPart(join(dir, 'x.part'), 100)).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(reopenPart(join(dir, 'x.part'))).rejects.toMatchObject({ code: 'ELOOP' });
    expect(await regularFileSize(join(dir, 'x.part'))).toBeUndefined();
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
  });
});
