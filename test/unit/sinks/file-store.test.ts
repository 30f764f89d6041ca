import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { assertInside, FileStore, MAX_NAME_BYTES } from '../../../src/sinks/index.js';
import { makeTempDir } from './helpers.js';

let temp: ReturnType<typeof makeTempDir>;
let dir: string;
beforeEach(() => {
  temp = makeTempDir();
  dir = join(temp.dir, 'downloads');
});
afterEach(() => temp.cleanup());

const hostile = [
  '../../etc/passwd',
  '..\\win.ini',
  'CON.txt',
  'a/b',
  '',
  '   ',
  '.',
  '..',
  '/',
  '/etc/passwd',
  'C:\\Windows\\system32',
  `${'中'.repeat(100)}.txt`,
  'bell\u0007and\u0000nul',
  '%2e%2e%2f',
];

describe('FileStore', () => {
  it.each(hostile)('keeps %j inside the folder with a non-empty name', (name) => {
    const store = new FileStore(dir);
    const path = store.reserve(name);
    expect(dirname(path)).toBe(dir);
    const base = relative(dir, path);
    expect(base).not.toBe('');
    expect(base).not.toMatch(/[\\/]/);
    expect(Buffer.byteLength(base)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    writeFileSync(store.partPath(path), 'x');
    expect(readdirSync(dir)).toEqual([`${base}.part`]);
  });

  it('gives colliding names (1), (2)… before the extension, counting files on disk and names reserved', () => {
    const store = new FileStore(dir);
    const first = store.reserve('photo.jpg');
    expect(first).toBe(join(dir, 'photo.jpg'));
    expect(store.reserve('photo.jpg')).toBe(join(dir, 'photo (1).jpg'));
    // Names differing only in case are one file on macOS and Windows.
    expect(store.reserve('PHOTO.JPG')).toBe(join(dir, 'PHOTO (2).JPG'));
    writeFileSync(join(dir, 'photo (3).jpg'), 'on disk');
    expect(store.reserve('photo.jpg')).toBe(join(dir, 'photo (4).jpg'));
    writeFileSync(join(dir, 'Movie.MKV'), 'from an earlier run');
    expect(new FileStore(dir).reserve('movie.mkv')).toBe(join(dir, 'movie (1).mkv'));
    expect(store.reserve('archive.tar.gz')).toBe(join(dir, 'archive.tar.gz'));
    expect(store.reserve('archive.tar.gz')).toBe(join(dir, 'archive (1).tar.gz'));
    expect(store.reserve('README')).toBe(join(dir, 'README'));
    expect(store.reserve('README')).toBe(join(dir, 'README (1)'));
  });

  it('treats a name taken by a file from an earlier run as taken, but not its part file', () => {
    const store = new FileStore(dir);
    const done = store.reserve('a.bin');
    writeFileSync(done, 'done');
    writeFileSync(join(dir, 'b.bin.part'), 'half');
    const fresh = new FileStore(dir);
    expect(fresh.reserve('a.bin')).toBe(join(dir, 'a (1).bin'));
    expect(fresh.reserve('b.bin')).toBe(join(dir, 'b.bin'));
  });

  it('counts a dangling symlink as a name in use', () => {
    const store = new FileStore(dir);
    store.reserve('seed');
    symlinkSync(join(temp.dir, 'nowhere'), join(dir, 'link.txt'));
    expect(store.reserve('link.txt')).toBe(join(dir, 'link (1).txt'));
  });

  it('keeps suffixed long names within the byte limit and their extension', () => {
    const store = new FileStore(dir);
    const name = `${'长'.repeat(100)}.mp4`;
    store.reserve(name);
    const second = relative(dir, store.reserve(name));
    expect(second.endsWith(' (1).mp4')).toBe(true);
    expect(Buffer.byteLength(second)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  });

  it('hands a released name out again', () => {
    const store = new FileStore(dir);
    const path = store.reserve('x.txt');
    store.release(path);
    expect(store.reserve('x.txt')).toBe(path);
  });

  it('commits a part file to its final name by renaming it', async () => {
    const store = new FileStore(dir);
    const final = store.reserve('video.mp4');
    const part = store.partPath(final);
    expect(part).toBe(`${final}.part`);
    writeFileSync(part, 'complete bytes');
    await store.commit(part, final);
    expect(existsSync(part)).toBe(false);
    expect(readFileSync(final, 'utf8')).toBe('complete bytes');
  });

  it('refuses part and final paths outside the folder', async () => {
    const store = new FileStore(dir);
    store.reserve('seed');
    const outside = join(temp.dir, 'outside.txt');
    writeFileSync(outside, 'keep me');
    expect(() => store.partPath(outside)).toThrow(InputError);
    await expect(store.commit(outside, join(dir, 'stolen'))).rejects.toThrow(/outside\.txt: not inside the output folder .*downloads/);
    await expect(store.commit(join(dir, 'seed'), join(dir, '..', 'escape'))).rejects.toThrow(InputError);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
  });
});

describe('assertInside', () => {
  it('returns the absolute path of a path inside the folder', () => {
    expect(assertInside(dir, 'a.txt')).toBe(join(dir, 'a.txt'));
    expect(assertInside(dir, join(dir, 'sub', '..', 'b.txt'))).toBe(join(dir, 'b.txt'));
    expect(assertInside(dir, '..foo')).toBe(join(dir, '..foo'));
  });

  it.each(['..', '../x', '/etc/passwd', '.', '', 'sub/../../x'])('rejects %j', (path) => {
    expect(() => assertInside(dir, path)).toThrow(InputError);
  });

  it('rejects a sibling folder whose name starts with the folder name', () => {
    expect(() => assertInside(dir, `${dir}-evil/x`)).toThrow(/not inside/);
  });
});
