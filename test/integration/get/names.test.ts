// File names: from Content-Disposition or the URL, sanitised, kept inside the folder, unique.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFiles } from '../../../src/media/get/index.js';
import { FAST, rangeServer, tempDir } from './fixtures.js';
import { bytes } from './range-server.js';

describe('download names', () => {
  it('takes the name from Content-Disposition filename* (UTF-8) over filename and the URL', async () => {
    const body = bytes(3000);
    const site = await rangeServer({
      '/download': {
        body,
        contentDisposition: `attachment; filename="fallback.pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%202024.pdf`,
      },
    });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/download?id=7`], dir, ...FAST });
    expect(summary.ok).toBe(1);
    expect(readdirSync(dir)).toEqual(['报告 2024.pdf']);
    expect(readFileSync(join(dir, '报告 2024.pdf')).equals(body)).toBe(true);
  });

  it('takes the name from the last URL path segment, percent-decoded', async () => {
    const site = await rangeServer({ '/files/my%20photo.jpg': { body: bytes(100) } });
    const dir = tempDir();
    await downloadFiles({ items: [`${site.url}/files/my%20photo.jpg?size=large`], dir, ...FAST });
    expect(readdirSync(dir)).toEqual(['my photo.jpg']);
  });

  it.each([
    ['attachment; filename="../../escape.txt"', 'escape.txt'],
    ['attachment; filename="CON"', '_CON'],
    ['attachment; filename="..\\\\..\\\\win.ini"', 'win.ini'],
    ['attachment; filename=""', 'x.bin'],
  ])('keeps the hostile name from %s inside the folder', async (disposition, expected) => {
    const site = await rangeServer({ '/x.bin': { body: bytes(10), contentDisposition: disposition } });
    const root = tempDir();
    const dir = join(root, 'out');
    const summary = await downloadFiles({ items: [`${site.url}/x.bin`], dir, ...FAST });
    expect(summary.ok).toBe(1);
    expect(readdirSync(dir)).toEqual([expected]);
    expect(dirname(summary.results[0]!.path)).toBe(dir);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('shortens a very long name to at most 200 bytes, keeping its extension', async () => {
    const long = `${'长'.repeat(150)}.tar.gz`;
    const site = await rangeServer({ '/x': { body: bytes(10), contentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(long)}` } });
    const dir = tempDir();
    await downloadFiles({ items: [`${site.url}/x`], dir, ...FAST });
    const [name] = readdirSync(dir);
    expect(Buffer.byteLength(name!)).toBeLessThanOrEqual(200);
    expect(name).toMatch(/^长+\.tar\.gz$/);
  });

  it('names a URL with an empty path "index"', async () => {
    const site = await rangeServer({ '/': { body: bytes(10) } });
    const dir = tempDir();
    await downloadFiles({ items: [`${site.url}/`], dir, ...FAST });
    expect(readdirSync(dir)).toEqual(['index']);
  });

  it('gives the second of two different URLs with the same name a " (1)" suffix', async () => {
    const first = bytes(500, 1);
    const second = bytes(700, 2);
    const site = await rangeServer({ '/a/report.csv': { body: first }, '/b/report.csv': { body: second } });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/a/report.csv`, `${site.url}/b/report.csv`], dir, concurrency: 1, ...FAST });
    expect(summary.ok).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['report (1).csv', 'report.csv']);
    expect(readFileSync(join(dir, 'report.csv')).equals(first)).toBe(true);
    expect(readFileSync(join(dir, 'report (1).csv')).equals(second)).toBe(true);
  });

  it('suffixes a new download whose name is held by a different file already in the folder', async () => {
    const site = await rangeServer({ '/data.bin': { body: bytes(64) } });
    const dir = tempDir();
    await downloadFiles({ items: [`${site.url}/data.bin`], dir, ...FAST });
    site.files.set('/data.bin', { body: bytes(80, 9) });
    const summary = await downloadFiles({ items: [`${site.url}/data.bin`], dir, ...FAST });
    expect(summary.ok).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['data (1).bin', 'data.bin']);
    expect(readFileSync(join(dir, 'data (1).bin')).equals(bytes(80, 9))).toBe(true);
    expect(existsSync(join(dir, 'data.bin.part'))).toBe(false);
  });
});
