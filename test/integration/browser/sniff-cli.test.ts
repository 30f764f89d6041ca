// `trawl sniff` in a real headless Chromium: the demo's script-built player (the manifest whose
// URL carries a real-time code), replaying what the browser sent, and pages that misbehave —
// each bounded by --wait and said in a note; a page without media exits 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, vodPlayerPath, type DemoServer } from '../../../src/demo/index.js';
import { runCli } from '../../helpers/cli.js';
import type { TestServer } from '../../helpers/server.js';
import { describeWithBrowser, misbehavingSite, tempDir } from './helpers.js';

interface MediaLine {
  url: string;
  type: string;
  status: number;
  headers: Record<string, string>;
  atMs: number;
  manifest?: { kind: string; segments?: number; encryption?: string };
}

const jsonLines = (text: string): MediaLine[] => text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as MediaLine);

describeWithBrowser('trawl sniff', () => {
  let demo: DemoServer;
  let site: TestServer;
  let cwd: string;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
    site = await misbehavingSite();
    cwd = tempDir();
  });
  afterAll(() => demo.close());

  it('finds the tokened manifest a script-built player requests, with the Referer, cookie and User-Agent it was sent with', async () => {
    const player = `${demo.url}${vodPlayerPath('AbR4hL2x')}`;
    const result = await runCli(['sniff', player, '--json', '--quiet'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const media = jsonLines(result.stdout);
    const hls = media.find((item) => item.type === 'hls');
    expect(hls?.url).toMatch(new RegExp(`^${demo.url}/vod/AbR4hL2x/index\\.php\\?note=[0-9a-z]{21}&raw=1&n\\.m3u8$`));
    expect(hls?.headers.referer).toBe(player);
    expect(hls?.headers.cookie).toMatch(/(?:^|; )pt_AbR4hL2x=[0-9a-z]{21}(?:;|$)/);
    expect(hls?.headers['user-agent']).toMatch(/Chrom/);
    expect(hls?.manifest).toMatchObject({ kind: 'media', segments: 8, encryption: 'AES-128' });
    expect(media.find((item) => item.type === 'subtitle')?.url).toBe(`${demo.url}/vod/AbR4hL2x/subs.en.vtt`);

    // The headers as sniffed are enough to fetch the manifest again outside the browser; without the Referer it is refused.
    const replayed = await fetch(hls!.url, { headers: { referer: hls!.headers.referer!, cookie: hls!.headers.cookie! } });
    expect(replayed.status).toBe(200);
    expect(await replayed.text()).toMatch(/^#EXTM3U/);
    expect((await fetch(hls!.url)).status).toBe(403);
  });

  it('prints a table of type, variant or length, and URL, and says when the first media request came', async () => {
    const result = await runCli(['sniff', `${demo.url}${vodPlayerPath('AbR4hL2x')}`], { cwd });
    expect(result.code, result.stderr).toBe(0);
    const [head, ...rows] = result.stdout.trimEnd().split('\n');
    expect(head).toMatch(/^type\s+variant \/ bandwidth\s+url$/);
    expect(rows.find((row) => row.startsWith('hls'))).toMatch(/^hls\s+8 segments, 16\.0 s, AES-128\s+http:\/\/127\.0\.0\.1:\d+\/vod\/AbR4hL2x\/index\.php\?note=/);
    expect(rows.find((row) => row.startsWith('subtitle'))).toMatch(/subs\.en\.vtt$/);
    expect(result.stderr).toMatch(/2 media requests in [\d.]+ s \(the first [\d.]+ s after loading began\)/);
  });

  it('exits 1 with "no media requests seen in N s" for a page that makes none', async () => {
    const result = await runCli(['sniff', `${site.url}/plain.html`], { cwd });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^trawl: http:\/\/127\.0\.0\.1:\d+\/plain\.html: no media requests seen in \d+(?:\.\d)? s$/m);
  });

  it('stops watching a page that never goes quiet at --wait, says so, and reports what it saw', async () => {
    const result = await runCli(['sniff', `${site.url}/busy.html`, '--wait', '2000', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('stopped watching at the 2 s limit: the page kept the network busy');
    expect(jsonLines(result.stdout).map((item) => item.url)).toEqual([`${site.url}/stream/busy.m3u8`]);
  });

  it('follows a page that navigates away, says so, and finds the media of the page it went to', async () => {
    const result = await runCli(['sniff', `${site.url}/leave.html`, '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`the page navigated away to ${site.url}/arrived.html`);
    expect(jsonLines(result.stdout).map((item) => item.url)).toEqual([`${site.url}/stream/arrived.m3u8`]);
  });

  it('closes the pop-ups a page keeps opening, says so, and still finds its stream', async () => {
    const result = await runCli(['sniff', `${site.url}/popups.html`, '--wait', '3000', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/closed a pop-up window \(http:\/\/127\.0\.0\.1:\d+\/ad\.html\?1\)/);
    expect(jsonLines(result.stdout).map((item) => item.url)).toEqual([`${site.url}/stream/popups.m3u8`]);
  });

  it('scrolls a page that grows forever only until --wait, and says it was still growing', async () => {
    const result = await runCli(['sniff', `${site.url}/endless.html`, '--scroll', '--wait', '2000', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/the page was still growing after \d+ scrolls; stopped scrolling at the 2 s limit/);
    expect(jsonLines(result.stdout).map((item) => item.url)).toEqual([`${site.url}/stream/endless.m3u8`]);
  });

  it('says which selector --click could not find, within --wait', async () => {
    const result = await runCli(['sniff', `${demo.url}${vodPlayerPath('AbR4hL2x')}`, '--click', '#no-such-button', '--wait', '1500', '--json'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('nothing to click: #no-such-button matched no visible element');
  });
});

describe('trawl sniff and trawl hls without a browser', () => {
  it('names the fix in one line and exits 2 when the browser given with --browser is missing', async () => {
    const result = await runCli(['sniff', 'http://127.0.0.1:9/', '--browser', '/nowhere/chromium'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('trawl: Chromium not found at /nowhere/chromium (from --browser): fix the path, or install Chromium (apt-get install chromium)\n');
  });

  it('names TRAWL_BROWSER when that is where the missing path came from', async () => {
    const result = await runCli(['sniff', 'http://127.0.0.1:9/'], { cwd: tempDir(), env: { TRAWL_BROWSER: '/nowhere/chrome' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('trawl: Chromium not found at /nowhere/chrome (from TRAWL_BROWSER): fix the path, or install Chromium (apt-get install chromium)\n');
  });

  it('refuses a bad --wait before starting anything', async () => {
    const result = await runCli(['sniff', 'http://127.0.0.1:9/', '--wait', 'soon'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^trawl: option --wait: expected a whole number >= 100 \(received "soon"\)\n$/);
  });
});
