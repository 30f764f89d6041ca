// `trawl get` as a user runs it: URL lists with bad lines, failures named in the summary and
// the exit status, digests, skipping what is already complete, and argument errors.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { rangeServer, tempDir } from './fixtures.js';
import { bytes } from './range-server.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function siteWith(count: number) {
  const files: Record<string, { body: Buffer; etag: string }> = {};
  for (let i = 1; i <= count; i++) files[`/img/${i}.jpg`] = { body: bytes(20_000 + i * 100, i), etag: `"e${i}"` };
  return rangeServer(files);
}

describe('trawl get', () => {
  it('reports bad list lines with their line numbers, downloads the rest, names a 404, and exits 1', async () => {
    const site = await siteWith(3);
    const dir = tempDir();
    const list = join(dir, 'list.txt');
    writeFileSync(
      list,
      [
        '# images',
        `${site.url}/img/1.jpg`,
        'ftp://example.com/x.jpg',
        `${site.url}/img/2.jpg`,
        `${site.url}/missing.jpg`,
        'not a url at all',
        '',
        `${site.url}/img/3.jpg`,
      ].join('\n'),
    );
    const out = join(dir, 'out');
    const result = await runCli(['get', '-i', list, '-d', out, '-c', '2'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${list}:3`);
    expect(result.stderr).toContain(`${list}:6`);
    expect(result.stderr).toMatch(new RegExp(`failed: ${site.url}/missing\\.jpg \\(${list.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5\\): HTTP 404`));
    expect(result.stderr).toMatch(/3 ok, 0 skipped, 1 failed/);
    expect(readdirSync(out).sort()).toEqual(['1.jpg', '2.jpg', '3.jpg']);
    for (const i of [1, 2, 3]) expect(readFileSync(join(out, `${i}.jpg`)).equals(site.files.get(`/img/${i}.jpg`)!.body)).toBe(true);
  });

  it('exits 0 with a summary when every download succeeds', async () => {
    const site = await siteWith(2);
    const dir = tempDir();
    const result = await runCli(['get', `${site.url}/img/1.jpg`, `${site.url}/img/2.jpg`, '-d', 'files'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/finished in .*: 2 ok, 0 skipped, 0 failed, .* MB\/s/);
    expect(readdirSync(join(dir, 'files')).sort()).toEqual(['1.jpg', '2.jpg']);
  });

  it('skips complete files on a re-run without fetching their bodies, and fetches again with --force', async () => {
    const site = await siteWith(3);
    const dir = tempDir();
    const urls = [1, 2, 3].map((i) => `${site.url}/img/${i}.jpg`);
    expect((await runCli(['get', ...urls, '-d', '.'], { cwd: dir })).code).toBe(0);
    const before = site.log.length;

    const again = await runCli(['get', ...urls, '-d', '.'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/0 ok, 3 skipped, 0 failed/);
    expect(site.log.slice(before).map((entry) => entry.method)).toEqual(['HEAD', 'HEAD', 'HEAD']);
    expect(readdirSync(dir).sort()).toEqual(['1.jpg', '2.jpg', '3.jpg']);

    const forced = await runCli(['get', ...urls, '-d', '.', '--force'], { cwd: dir });
    expect(forced.stderr).toMatch(/3 ok, 0 skipped, 0 failed/);
    expect(readdirSync(dir).sort()).toEqual(['1.jpg', '2.jpg', '3.jpg']);
  });

  it('accepts a file whose SHA-256 matches --sha256', async () => {
    const site = await siteWith(1);
    const dir = tempDir();
    const digest = sha256(site.files.get('/img/1.jpg')!.body);
    const result = await runCli(['get', `${site.url}/img/1.jpg`, '--sha256', digest.toUpperCase()], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['1.jpg']);
  });

  it('never gives the final name to a file whose SHA-256 does not match: the bytes are kept as .bad', async () => {
    const site = await siteWith(1);
    const dir = tempDir();
    const result = await runCli(['get', `${site.url}/img/1.jpg`, '--sha256', 'ab'.repeat(32)], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/integrity check failed .*1\.jpg: sha256 is [0-9a-f]{64}, expected (ab){32}/);
    expect(readdirSync(dir)).toEqual(['1.jpg.bad']);
    expect(readFileSync(join(dir, '1.jpg.bad')).equals(site.files.get('/img/1.jpg')!.body)).toBe(true);
  });

  it('checks the digests given in a list file, space or tab separated', async () => {
    const site = await siteWith(2);
    const dir = tempDir();
    const good = sha256(site.files.get('/img/1.jpg')!.body);
    writeFileSync(join(dir, 'list.txt'), `${site.url}/img/1.jpg ${good}\n${site.url}/img/2.jpg\t${'0'.repeat(64)}\n`);
    const result = await runCli(['get', '-i', 'list.txt', '-d', 'out'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed: .*\/img\/2\.jpg \(list\.txt:2\): integrity check failed/);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['1.jpg', '2.jpg.bad']);
    expect(existsSync(join(dir, 'out', '2.jpg'))).toBe(false);
  });

  it('skips a complete file on a re-run only when its digest still matches', async () => {
    const site = await siteWith(1);
    const dir = tempDir();
    const digest = sha256(site.files.get('/img/1.jpg')!.body);
    await runCli(['get', `${site.url}/img/1.jpg`], { cwd: dir });
    const again = await runCli(['get', `${site.url}/img/1.jpg`, '--sha256', digest], { cwd: dir });
    expect(again.stderr).toMatch(/0 ok, 1 skipped/);
    writeFileSync(join(dir, '1.jpg'), Buffer.alloc(site.files.get('/img/1.jpg')!.body.length));
    const third = await runCli(['get', `${site.url}/img/1.jpg`, '--sha256', digest], { cwd: dir });
    expect(third.stderr).toMatch(/1 ok, 0 skipped/);
    expect(readdirSync(dir).sort()).toEqual(['1 (1).jpg', '1.jpg']);
  });

  it.each([
    [['get'], /give at least one URL/],
    [['get', 'http://127.0.0.1:9/a', 'http://127.0.0.1:9/b', '--sha256', 'ab'.repeat(32)], /--sha256: needs exactly one URL/],
    [['get', 'http://127.0.0.1:9/a', '--sha256', 'xyz'], /--sha256: expected 64 hex digits/],
    [['get', 'http://127.0.0.1:9/a', '--split', '0'], /--split/],
    [['get', 'mailto:someone@example.com'], /invalid URL/],
    [['get', '-i', 'no-such-list.txt'], /no-such-list\.txt: cannot read the URL list/],
    [['get', 'http://127.0.0.1:9/a', '-d', 'a-file'], /a-file: not a folder/],
  ])('rejects bad arguments %j with exit status 2', async (args, message) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), '');
    const result = await runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
