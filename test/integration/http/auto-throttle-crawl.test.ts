// --auto-throttle on a real crawl of a site whose latency and 429 rate change mid-crawl: it backs
// off while the site struggles and recovers after, and every page is still fetched once.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startServer } from '../../helpers/server.js';

const PAGES = 400;
const dir = mkdtempSync(join(tmpdir(), 'trawl-throttle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crawl --auto-throttle', () => {
  it('backs off while the site slows down and answers 429, and recovers once it is fast again', async () => {
    let served = 0;
    let inFlight = 0;
    /** Most requests in flight seen while the n-th request was served, by phase. */
    const peak = { fast: 0, struggling: 0, recovered: 0 };
    const site = await startServer(async (req, res) => {
      const path = req.url ?? '/';
      if (path === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(Array.from({ length: PAGES }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(''));
        return;
      }
      const n = ++served;
      inFlight++;
      // The last half of each phase shows where the throttle settled.
      if (n > 60 && n <= 120) peak.fast = Math.max(peak.fast, inFlight);
      if (n > 200 && n <= 260) peak.struggling = Math.max(peak.struggling, inFlight);
      if (n > 320) peak.recovered = Math.max(peak.recovered, inFlight);
      const struggling = n > 120 && n <= 260;
      // While it struggles the site is slow, and refuses more than two requests at once.
      const refused = struggling && inFlight > 2;
      await new Promise((resolve) => setTimeout(resolve, struggling ? 120 : 10));
      inFlight--;
      if (refused) {
        res.writeHead(429).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1>${path}</h1>`);
    });
    try {
      const result = await runCli(
        ['crawl', `${site.url}/`, '--auto-throttle', '-c', '8', '--per-host', '8', '--retries', '6', '--match', '/p/', '--extract', 'h=h1', '--workers', '1', '--quiet', '-o', 'out.jsonl'],
        { cwd: dir, timeoutMs: 120_000 },
      );
      expect(result.code, result.stderr).toBe(0);
      const items = readFileSync(join(dir, 'out.jsonl'), 'utf8').trim().split('\n');
      expect(items).toHaveLength(PAGES);
      expect(peak.fast).toBeGreaterThanOrEqual(5);
      expect(peak.struggling).toBeLessThanOrEqual(3);
      expect(peak.recovered).toBeGreaterThan(peak.struggling);
    } finally {
      await site.close();
    }
  });
});
