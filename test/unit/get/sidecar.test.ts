// The resume sidecar: only valid sidecars with safe names are trusted; If-Range prefers a
// strong ETag; saving replaces the file atomically.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ifRangeValue, saveSidecar, scanSidecars, type Sidecar } from '../../../src/media/get/sidecar.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trawl-sidecar-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (file: string, value: unknown): void => writeFileSync(join(dir, file), typeof value === 'string' ? value : JSON.stringify(value));

describe('sidecar', () => {
  it('finds valid sidecars by URL and ignores hostile or broken ones', () => {
    put('a.bin.part.json', { version: 1, url: 'http://x/a.bin', name: 'a.bin', etag: '"1"', size: 10 });
    put('b.bin.part.json', { version: 1, url: 'http://x/b', name: '../b.bin', etag: '"1"' });
    put('c.bin.part.json', { version: 1, url: 'http://x/c', name: 'other.bin', etag: '"1"' });
    put('d.bin.part.json', '{ not json');
    put('e.bin.part.json', {
      version: 1,
      url: 'http://x/e',
      name: 'e.bin',
      size: 100,
      segments: [{ start: 0, end: 40, pos: 10 }, { start: 50, end: 100, pos: 60 }],
    });
    put('f.bin.part.json', {
      version: 1,
      url: 'http://x/f',
      name: 'f.bin',
      size: 100,
      segments: [{ start: 50, end: 100, pos: 100 }, { start: 0, end: 50, pos: 20 }],
    });
    const { byUrl, files } = scanSidecars(dir);
    expect([...byUrl.keys()].sort()).toEqual(['http://x/a.bin', 'http://x/f']);
    expect(files.size).toBe(6);
  });

  it('prefers a strong ETag for If-Range, else Last-Modified, never a weak ETag', () => {
    expect(ifRangeValue({ etag: '"abc"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' })).toBe('"abc"');
    expect(ifRangeValue({ etag: 'W/"abc"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT' })).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(ifRangeValue({ etag: 'W/"abc"', lastModified: undefined })).toBeUndefined();
  });

  it('saves through a temporary file and leaves only the sidecar', async () => {
    const path = join(dir, 'z.part.json');
    const sidecar: Sidecar = { version: 1, url: 'http://x/z', name: 'z', etag: '"1"', size: 5 };
    await saveSidecar(path, sidecar);
    await saveSidecar(path, { ...sidecar, size: 6 });
    expect(readdirSync(dir)).toEqual(['z.part.json']);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ size: 6 });
  });
});
