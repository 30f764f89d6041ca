// Shared by the browser tests: whether Chromium is installed (the tests that need it are skipped,
// with a visible notice, only when /usr/bin/chromium is absent), temp folders, and a server of
// misbehaving pages — ones that never go quiet (polling, ticking, a request never answered), one
// that navigates away, one that opens pop-ups, one that grows forever, one with no media — each also requesting a manifest where
// the test needs one to be found.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { startServer, type TestServer } from '../../helpers/server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** describe() when Chromium is installed; otherwise one skipped test that says why, and a warning. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (HAS_CHROMIUM) {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n[browser tests skipped] ${name}: ${CHROMIUM} is absent (apt-get install chromium)\n`);
  describe(name, () => {
    it.skip(`SKIPPED: ${CHROMIUM} is absent — apt-get install chromium to run these`, () => undefined);
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(prefix = 'trawl-browser-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const PLAYLIST = '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg0.ts\n#EXT-X-ENDLIST\n';

function page(body: string, script: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${body}<script>${script}</script></body></html>`;
}

/** The misbehaving pages, by path. */
const PAGES: Readonly<Record<string, string>> = {
  // Polls forever: the network is never quiet for long.
  '/busy.html': page('<p id="n">0</p>', "fetch('/stream/busy.m3u8'); setInterval(function () { fetch('/poll?' + Math.random()); }, 100);"),
  // Changes its DOM every 20 ms, forever (a clock, an animation driven by script).
  '/ticking.html': page('<p id="n">0</p>', "var n = 0; setInterval(function () { document.getElementById('n').textContent = String(++n); }, 20);"),
  // Waits for an answer that never comes (a long poll).
  '/hanging.html': page('<p>waiting</p>', "fetch('/hang');"),
  // Leaves for another page, which is the one with the stream.
  '/leave.html': page('<p>leaving</p>', "setTimeout(function () { location.href = '/arrived.html'; }, 150);"),
  // Replaces itself as soon as its script runs (a script redirect).
  '/redirect.html': page('<p>redirecting</p>', "location.replace('/arrived.html');"),
  '/arrived.html': page('<p id="arrived">here</p>', "fetch('/stream/arrived.m3u8');"),
  // Opens pop-ups again and again, and requests its stream.
  '/popups.html': page('<p>ads</p>', "window.open('/ad.html?1'); setInterval(function () { window.open('/ad.html?' + Math.random()); }, 200); fetch('/stream/popups.m3u8');"),
  '/ad.html': page('<p>an ad</p>', ''),
  // Grows by one screen each time it is scrolled to the bottom, forever.
  '/endless.html': page(
    '<div id="list"></div>',
    "var list = document.getElementById('list'); function more() { for (var i = 0; i < 20; i++) { var p = document.createElement('p'); p.style.height = '100px'; p.textContent = 'row'; list.appendChild(p); } } more(); window.addEventListener('scroll', function () { if (innerHeight + scrollY >= document.documentElement.scrollHeight - 10) more(); }); fetch('/stream/endless.m3u8');",
  ),
  // A page with script and an image, but no media.
  '/plain.html': page('<h1>nothing to watch</h1><img src="/pixel.png">', "fetch('/data.json');"),
};

/** A server of the pages above; `hits` counts requests by path (query included). */
export async function misbehavingSite(): Promise<TestServer> {
  const server = await startServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const html = PAGES[path];
    if (html) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (path.startsWith('/stream/')) {
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl' });
      res.end(PLAYLIST);
    } else if (path === '/poll' || path === '/data.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    } else if (path === '/hang') {
      // never answered; the server's close() drops the connection
    } else if (path === '/pixel.png') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.alloc(68));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  cleanups.push(() => server.close());
  return server;
}
