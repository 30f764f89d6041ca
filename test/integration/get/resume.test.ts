// Interrupted downloads: `.part` + sidecar left behind, then continued with Range + If-Range,
// or started over when the file changed. The CLI is killed for real (SIGKILL) mid-transfer.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFiles } from '../../../src/media/get/index.js';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { FAST, alive, rangeServer, tempDir, waitFor } from './fixtures.js';
import { bytes } from './range-server.js';

const SIZE = 2 * 1024 * 1024;
const ETAG = '"v1-abc"';

/** Starts `trawl get url -d dir`, waits until the part holds bytes, kills it; returns the part size. */
async function killMidway(url: string, dir: string, name: string, extra: string[] = []): Promise<number> {
  const child = startCli(['get', url, '-d', dir, '--quiet', ...extra], { cwd: dir });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = collect(child);
  const part = join(dir, `${name}.part`);
  const running = alive(child, () => stderr);
  await waitFor('part bytes', () => (running(), existsSync(part) && statSync(part).size > 64 * 1024 && existsSync(`${part}.json`)));
  // While incomplete, the file exists only as .part.
  expect(existsSync(join(dir, name))).toBe(false);
  child.kill('SIGKILL');
  const result = await done;
  expect(result.signal).toBe('SIGKILL');
  return statSync(part).size;
}

describe('resume', () => {
  it('continues a killed download with Range from the part size and If-Range, byte-exact', async () => {
    const body = bytes(SIZE, 3);
    const site = await rangeServer({ '/big.bin': { body, etag: ETAG, rate: 512 * 1024 } });
    const dir = tempDir();
    const have = await killMidway(`${site.url}/big.bin`, dir, 'big.bin');
    expect(have).toBeLessThan(SIZE);

    site.files.get('/big.bin')!.rate = undefined;
    const rerun = await runCli(['get', `${site.url}/big.bin`, '-d', dir, '--quiet'], { cwd: dir });
    expect(rerun.stderr).toMatch(/1 ok, 0 skipped, 0 failed/);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(site.rangesOf('/big.bin').at(-1)).toEqual({ range: `bytes=${have}-`, ifRange: ETAG });
    expect(readFileSync(join(dir, 'big.bin')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['big.bin']);
  });

  it('starts over from byte 0 when the file changed on the server (If-Range mismatch)', async () => {
    const site = await rangeServer({ '/data.bin': { body: bytes(SIZE, 4), etag: ETAG, rate: 512 * 1024 } });
    const dir = tempDir();
    const have = await killMidway(`${site.url}/data.bin`, dir, 'data.bin');

    const changed = bytes(SIZE + 1000, 5);
    site.files.set('/data.bin', { body: changed, etag: '"v2-def"' });
    const rerun = await runCli(['get', `${site.url}/data.bin`, '-d', dir], { cwd: dir });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(site.rangesOf('/data.bin').at(-1)).toEqual({ range: `bytes=${have}-`, ifRange: ETAG });
    expect(rerun.stderr).toMatch(/starting .*data\.bin over/);
    expect(readFileSync(join(dir, 'data.bin')).equals(changed)).toBe(true);
    expect(readdirSync(dir)).toEqual(['data.bin']);
  });

  it('uses Last-Modified as the If-Range validator when there is no ETag', async () => {
    const lastModified = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const body = bytes(SIZE, 6);
    const site = await rangeServer({ '/lm.bin': { body, lastModified, rate: 512 * 1024 } });
    const dir = tempDir();
    const controller = new AbortController();
    const part = join(dir, 'lm.bin.part');
    const first = downloadFiles({ items: [`${site.url}/lm.bin`], dir, signal: controller.signal, ...FAST });
    await waitFor('part bytes', () => existsSync(part) && statSync(part).size > 64 * 1024);
    controller.abort();
    const stopped = await first;
    expect(stopped.failed).toBe(1);
    const have = statSync(part).size;

    site.files.get('/lm.bin')!.rate = undefined;
    const summary = await downloadFiles({ items: [`${site.url}/lm.bin`], dir, ...FAST });
    expect(summary.results[0]).toMatchObject({ outcome: 'downloaded', resumedFrom: have, received: SIZE - have });
    expect(site.rangesOf('/lm.bin').at(-1)).toEqual({ range: `bytes=${have}-`, ifRange: lastModified });
    expect(readFileSync(join(dir, 'lm.bin')).equals(body)).toBe(true);
  });

  it('stops on Ctrl-C with exit status 130, keeping the part and its sidecar for the next run', async () => {
    const body = bytes(SIZE, 9);
    const site = await rangeServer({ '/int.bin': { body, etag: ETAG, rate: 512 * 1024 } });
    const dir = tempDir();
    const child = startCli(['get', `${site.url}/int.bin`, '-d', dir], { cwd: dir });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const done = collect(child);
    const part = join(dir, 'int.bin.part');
    const running = alive(child, () => stderr);
    await waitFor('part bytes', () => (running(), existsSync(part) && statSync(part).size > 64 * 1024 && existsSync(`${part}.json`)));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).toMatch(/stopped in .*: 0 ok, 0 skipped, 0 failed, 1 interrupted/);
    expect(readdirSync(dir).sort()).toEqual(['int.bin.part', 'int.bin.part.json']);

    site.files.get('/int.bin')!.rate = undefined;
    const rerun = await runCli(['get', `${site.url}/int.bin`, '-d', dir], { cwd: dir });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(site.rangesOf('/int.bin').at(-1)?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect(readFileSync(join(dir, 'int.bin')).equals(body)).toBe(true);
  });

  it('finishes a part that is already complete when the server answers 416', async () => {
    const body = bytes(300_000, 7);
    const site = await rangeServer({ '/done.bin': { body, etag: ETAG } });
    const dir = tempDir();
    writeFileSync(join(dir, 'done.bin.part'), body);
    const sidecar = { version: 1, url: `${site.url}/done.bin`, name: 'done.bin', etag: ETAG, size: body.length };
    writeFileSync(join(dir, 'done.bin.part.json'), JSON.stringify(sidecar));
    const summary = await downloadFiles({ items: [`${site.url}/done.bin`], dir, ...FAST });
    expect(summary.ok).toBe(1);
    expect(site.rangesOf('/done.bin')).toEqual([{ range: `bytes=${body.length}-`, ifRange: ETAG }]);
    expect(readFileSync(join(dir, 'done.bin')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['done.bin']);
  });

  it('downloads again from the start a small part that has no sidecar', async () => {
    const body = bytes(5000, 8);
    const site = await rangeServer({ '/small.bin': { body, etag: ETAG } });
    const dir = tempDir();
    writeFileSync(join(dir, 'small.bin.part'), bytes(9000, 1));
    const summary = await downloadFiles({ items: [`${site.url}/small.bin`], dir, ...FAST });
    expect(summary.ok).toBe(1);
    expect(site.rangesOf('/small.bin')).toEqual([{ range: undefined, ifRange: undefined }]);
    expect(readFileSync(join(dir, 'small.bin')).equals(body)).toBe(true);
    expect(readdirSync(dir)).toEqual(['small.bin']);
  });
});

describe('broken transfers', () => {
  it('continues a body cut mid-way with a Range request from the bytes on disk', async () => {
    const body = bytes(1024 * 1024, 10);
    let gets = 0;
    const site = await rangeServer({});
    site.server.removeAllListeners('request');
    site.server.on('request', (req, res) => {
      site.log.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, at: Date.now() });
      gets++;
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (gets === 1) {
        res.writeHead(200, { 'content-length': body.length, etag: ETAG, 'accept-ranges': 'bytes' });
        res.write(body.subarray(0, 600 * 1024), () => res.destroy());
        return;
      }
      const from = Number(range?.[1] ?? 0);
      res.writeHead(206, { 'content-length': body.length - from, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}`, etag: ETAG });
      res.end(body.subarray(from));
    });
    const dir = tempDir();
    const events: string[] = [];
    const summary = await downloadFiles({ items: [`${site.url}/cut.bin`], dir, onEvent: (e) => events.push(e.type), ...FAST });
    expect(summary.failures).toEqual([]);
    expect(events).toContain('retry');
    const second = site.log[1]!;
    const from = Number(/^bytes=(\d+)-$/.exec(String(second.headers.range))?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(600 * 1024);
    expect(second.headers['if-range']).toBe(ETAG);
    expect(readFileSync(join(dir, 'cut.bin')).equals(body)).toBe(true);
  });
});
