// `trawl hls <page-url>` in a real headless Chromium: the page is sniffed, its stream chosen
// (best, --pick, --match) and downloaded replaying what the browser sent — the Referer the
// manifest and segments need, the cookie the key needs, the code and token in the URLs — and the
// output is byte for byte the demo's truth. Also the example spider that does the same in a crawl.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoServer, VOD_PAIR_PATH, vodPlainSha256, vodPlayerPath, vodVideo, type DemoServer } from '../../../src/demo/index.js';
import { runCli } from '../../helpers/cli.js';
import { describeWithBrowser, tempDir } from './helpers.js';

const sha256File = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const EXAMPLES = join(import.meta.dirname, '..', '..', '..', 'examples');

describeWithBrowser('trawl hls given a page URL', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  afterAll(() => demo.close());

  it('downloads the stream a script-built player requests, byte for byte, named after the page', async () => {
    const cwd = tempDir();
    const result = await runCli(['hls', `${demo.url}${vodPlayerPath('AbR4hL2x')}`], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/is a web page: looking for its stream in headless Chromium/);
    expect(result.stderr).toMatch(/found http:\/\/127\.0\.0\.1:\d+\/vod\/AbR4hL2x\/index\.php\?note=[0-9a-z]{21}&raw=1&n\.m3u8 after [\d.]+ s/);
    expect(sha256File(join(cwd, 'AbR4hL2x.ts'))).toBe(vodPlainSha256(vodVideo('AbR4hL2x')!));
    // The segments were fetched with the player page as Referer and their token: the server refuses anything else.
    const stats = demo.stats();
    expect(stats.byStatus['403'] ?? 0).toBe(0);
  });

  it('does the same from trawl stream, which looks for HLS and DASH alike', async () => {
    const cwd = tempDir();
    const result = await runCli(['stream', `${demo.url}${vodPlayerPath('AbR4hL2x')}`, '-o', 'lesson.ts'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/found http:\/\/127\.0\.0\.1:\d+\/vod\/AbR4hL2x\/index\.php\?note=[0-9a-z]{21}&raw=1&n\.m3u8 after [\d.]+ s/);
    expect(sha256File(join(cwd, 'lesson.ts'))).toBe(vodPlainSha256(vodVideo('AbR4hL2x')!));
  });

  it('takes the best stream of a page with two, or the one --match or --pick names', async () => {
    const cwd = tempDir();
    const pair = `${demo.url}${VOD_PAIR_PATH}`;
    const matched = await runCli(['hls', pair, '--match', 'mV8pQz3k', '-o', 'low.ts', '--quiet'], { cwd });
    expect(matched.code, matched.stderr).toBe(0);
    expect(sha256File(join(cwd, 'low.ts'))).toBe(vodPlainSha256(vodVideo('mV8pQz3k')!));
    const picked = await runCli(['hls', pair, '--pick', '1', '-o', 'first.ts', '--quiet'], { cwd });
    expect(picked.code, picked.stderr).toBe(0);
    expect(sha256File(join(cwd, 'first.ts'))).toBe(vodPlainSha256(vodVideo('AbR4hL2x')!));
  });

  it('exits 1 naming what it saw when --pick asks for more streams than the page has', async () => {
    const result = await runCli(['hls', `${demo.url}${VOD_PAIR_PATH}`, '--pick', '3', '--quiet'], { cwd: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^trawl: http:\/\/127\.0\.0\.1:\d+\/vod\/pair\.html: pick 3: only 2 hls streams seen in [\d.]+ s$/m);
  });

  it('refuses --pick for a URL that is a playlist, not a page', async () => {
    const result = await runCli(['hls', `${demo.url}/20220318/AbR4hL2x/index.m3u8`, '--pick', '2'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('trawl: option --pick: only applies to a page URL (this URL is a playlist) (received 2)\n');
  });

  it('the player example spider finds the stream in a crawl and downloads it byte for byte', async () => {
    const cwd = tempDir();
    const result = await runCli(['run', join(EXAMPLES, 'player.ts'), '--demo', '-d', 'files', '--quiet'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(sha256File(join(cwd, 'files', 'player.ts'))).toBe(vodPlainSha256(vodVideo('AbR4hL2x')!));
    const item = JSON.parse(readFileSync(join(cwd, 'player.jsonl'), 'utf8')) as { manifest: string; segments: number };
    expect(item.manifest).toMatch(/\/vod\/AbR4hL2x\/index\.php\?note=[0-9a-z]{21}&raw=1&n\.m3u8$/);
    expect(item.segments).toBe(8);
  });
});
