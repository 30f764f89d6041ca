// --split: one file as several ranges at once, positional writes into one preallocated part,
// per-range progress in the sidecar (so a killed split download resumes every range), and a
// plain stream when the server does not serve ranges.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFiles } from '../../../src/media/get/index.js';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { FAST, alive, rangeServer, tempDir, waitFor } from './fixtures.js';
import { bytes } from './range-server.js';

const ETAG = '"split-1"';

interface SavedSegment {
  start: number;
  end: number;
  pos: number;
}

function readSegments(path: string): SavedSegment[] | undefined {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { segments?: SavedSegment[] }).segments;
  } catch {
    return undefined;
  }
}

describe('split downloads', () => {
  it('fetches one file as 4 ranges at once, byte-exact, with the ranges planned', async () => {
    const size = 4 * 1024 * 1024 + 123;
    const body = bytes(size, 11);
    const site = await rangeServer({ '/video.mp4': { body, etag: ETAG } });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/video.mp4`], dir, split: 4, minSplitBytes: 256 * 1024, ...FAST });
    expect(summary.results[0]).toMatchObject({ outcome: 'downloaded', size, ranges: 4 });
    expect(readFileSync(join(dir, 'video.mp4')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['video.mp4']);

    const requests = site.rangesOf('/video.mp4');
    // First a bounded range that tells the size, then the other three quarters, each with If-Range.
    expect(requests[0]).toEqual({ range: `bytes=0-${4 * 1024 * 1024 - 1}`, ifRange: undefined });
    const slice = Math.ceil(size / 4);
    for (const k of [1, 2, 3]) {
      expect(requests).toContainEqual({ range: `bytes=${k * slice}-${Math.min(size, (k + 1) * slice) - 1}`, ifRange: ETAG });
    }
  });

  it('continues the first range with a second request when the first answer ends before it', async () => {
    const size = 12 * 1024 * 1024;
    const body = bytes(size, 16);
    // The second half comes slower, so nobody steals from the first before it is continued.
    const rate = (range: string | undefined) => (range?.startsWith(`bytes=${size / 2}-`) ? 16 * 1024 * 1024 : undefined);
    const site = await rangeServer({ '/large.bin': { body, etag: ETAG, rate } });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/large.bin`], dir, split: 2, ...FAST });
    expect(summary.ok).toBe(1);
    expect(readFileSync(join(dir, 'large.bin')).equals(body)).toBe(true);
    const ranges = site.rangesOf('/large.bin').map((r) => r.range);
    expect(ranges[0]).toBe(`bytes=0-${4 * 1024 * 1024 - 1}`);
    expect(ranges).toContain(`bytes=${4 * 1024 * 1024}-${size / 2 - 1}`);
    expect(ranges).toContain(`bytes=${size / 2}-${size - 1}`);
  });

  it('downloads an empty file when the first range request gets 416', async () => {
    const site = await rangeServer({ '/empty.txt': { body: Buffer.alloc(0), etag: ETAG } });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/empty.txt`], dir, split: 4, ...FAST });
    expect(summary.results[0]).toMatchObject({ outcome: 'downloaded', size: 0 });
    expect(readdirSync(dir)).toEqual(['empty.txt']);
    expect(readFileSync(join(dir, 'empty.txt')).length).toBe(0);
  });

  it('streams the whole file once when the server does not serve ranges', async () => {
    const body = bytes(3 * 1024 * 1024, 12);
    const site = await rangeServer({ '/plain.bin': { body, etag: ETAG, ranges: false } });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/plain.bin`], dir, split: 4, minSplitBytes: 64 * 1024, ...FAST });
    expect(summary.results[0]).toMatchObject({ outcome: 'downloaded', ranges: 1 });
    expect(site.rangesOf('/plain.bin')).toHaveLength(1);
    expect(readFileSync(join(dir, 'plain.bin')).equals(body)).toBe(true);
  });

  it('lets a finished range take over half of the largest remaining one', async () => {
    const size = 2 * 1024 * 1024;
    const body = bytes(size, 13);
    // The second half comes slowly: whoever finishes first must steal from it.
    const rate = (range: string | undefined) => (/^bytes=1048576-/.test(range ?? '') ? 256 * 1024 : undefined);
    const site = await rangeServer({ '/steal.bin': { body, etag: ETAG, rate } });
    const dir = tempDir();
    const summary = await downloadFiles({ items: [`${site.url}/steal.bin`], dir, split: 2, minSplitBytes: 64 * 1024, ...FAST });
    expect(summary.ok).toBe(1);
    expect(readFileSync(join(dir, 'steal.bin')).equals(body)).toBe(true);
    const starts = site.rangesOf('/steal.bin').map((r) => Number(/bytes=(\d+)-/.exec(r.range ?? '')?.[1]));
    expect(starts.filter((start) => start > 1048576).length).toBeGreaterThan(0);
  });

  it('resumes a killed split download: every range continues where the sidecar says it stopped', async () => {
    const size = 4 * 1024 * 1024;
    const body = bytes(size, 14);
    const site = await rangeServer({ '/iso.img': { body, etag: ETAG, rate: 256 * 1024 } });
    const dir = tempDir();
    const child = startCli(['get', `${site.url}/iso.img`, '-d', dir, '--split', '4', '--quiet'], { cwd: dir });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = collect(child);
    const sidecar = join(dir, 'iso.img.part.json');
    const running = alive(child, () => stderr);
    await waitFor('range progress in the sidecar', () => (running(), (readSegments(sidecar) ?? []).filter((s) => s.pos > s.start).length >= 2));
    expect(existsSync(join(dir, 'iso.img'))).toBe(false);
    child.kill('SIGKILL');
    await done;
    const saved = readSegments(sidecar)!;
    const before = site.rangesOf('/iso.img').length;

    site.files.get('/iso.img')!.rate = undefined;
    const rerun = await runCli(['get', `${site.url}/iso.img`, '-d', dir, '--split', '4'], { cwd: dir });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(readFileSync(join(dir, 'iso.img')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['iso.img']);
    const after = site.rangesOf('/iso.img').slice(before);
    for (const segment of saved.filter((s) => s.pos < s.end)) {
      expect(after.map((r) => r.range)).toContain(`bytes=${segment.pos}-${segment.end - 1}`);
    }
    expect(after.every((r) => r.ifRange === ETAG)).toBe(true);
    // Nothing already on disk was fetched again.
    const fetched = after.reduce((sum, r) => {
      const [, from, to] = /bytes=(\d+)-(\d+)/.exec(r.range ?? '') ?? [];
      return sum + Number(to) - Number(from) + 1;
    }, 0);
    expect(fetched).toBe(saved.reduce((sum, s) => sum + (s.end - s.pos), 0));
  });

  it('starts a split download over when the file changed before the resume', async () => {
    const size = 2 * 1024 * 1024;
    const site = await rangeServer({ '/changed.bin': { body: bytes(size, 15), etag: ETAG } });
    const dir = tempDir();
    const segments = [
      { start: 0, end: size / 2, pos: 1000 },
      { start: size / 2, end: size, pos: size / 2 + 5000 },
    ];
    writeFileSync(join(dir, 'changed.bin.part'), Buffer.alloc(size));
    writeFileSync(
      join(dir, 'changed.bin.part.json'),
      JSON.stringify({ version: 1, url: `${site.url}/changed.bin`, name: 'changed.bin', etag: '"old"', size, segments }),
    );
    const events: string[] = [];
    const summary = await downloadFiles({
      items: [`${site.url}/changed.bin`],
      dir,
      split: 2,
      minSplitBytes: 64 * 1024,
      onEvent: (event) => events.push(event.type),
      ...FAST,
    });
    expect(summary.ok).toBe(1);
    expect(events).toContain('restart');
    expect(readFileSync(join(dir, 'changed.bin')).equals(bytes(size, 15))).toBe(true);
    expect(readdirSync(dir)).toEqual(['changed.bin']);
  });
});
