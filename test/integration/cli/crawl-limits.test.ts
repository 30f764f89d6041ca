// `trawl crawl` limits through the real CLI, measured at the servers: -c and --per-host are never
// exceeded, --delay spaces request starts on one host, --max-pages and --depth bound the crawl.
import { describe, expect, it } from 'vitest';
import type { TestServer } from '../../helpers/server.js';
import { hold, html, Meter, paths, site, trawl, workDir } from './helpers.js';

/** One host with `pages` leaf pages linked from `/`, each held `holdMs`, metered here and on `shared`. */
async function meteredSite(pages: number, holdMs: number, shared?: Meter): Promise<TestServer & { meter: Meter }> {
  const meter = new Meter();
  const server = await site();
  server.routes['/'] = html(Array.from({ length: pages }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(''));
  for (let i = 0; i < pages; i++) {
    server.routes[`/p/${i}`] = async (_req, res) => {
      await hold(shared ? [meter, shared] : [meter], holdMs);
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(`p${i}`));
    };
  }
  return Object.assign(server, { meter });
}

describe('trawl crawl concurrency', () => {
  it('never has more than -c requests in flight', async () => {
    const server = await meteredSite(24, 80);
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '-c', '3', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(server)).toHaveLength(25);
    expect(server.meter.peak).toBeLessThanOrEqual(3);
    expect(server.meter.peak).toBeGreaterThan(1);
  });

  it('never has more than --per-host requests in flight on one host, nor -c in all', async () => {
    const all = new Meter();
    const hosts = [await meteredSite(12, 80, all), await meteredSite(12, 80, all), await meteredSite(12, 80, all)];
    const starts = hosts.map((host) => `${host.url}/`);
    const result = await trawl(workDir(), ['crawl', ...starts, '-c', '4', '--per-host', '2', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    for (const host of hosts) {
      expect(paths(host)).toHaveLength(13);
      expect(host.meter.peak).toBeLessThanOrEqual(2);
    }
    expect(all.peak).toBeLessThanOrEqual(4);
    expect(all.peak).toBeGreaterThan(2);
  });
});

describe('trawl crawl --delay', () => {
  it('spaces the starts of requests to one host by at least --delay ms', async () => {
    const server = await site();
    server.routes['/'] = html(Array.from({ length: 5 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(''));
    for (let i = 0; i < 5; i++) server.routes[`/p/${i}`] = html(`p${i}`);
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--delay', '300', '-c', '4', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const times = server.log.filter((entry) => entry.path !== '/robots.txt').map((entry) => entry.at);
    expect(times).toHaveLength(6);
    // Arrival times at the server: scheduling jitter on a loaded machine may shorten a gap a little.
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(240);
  });
});

describe('trawl crawl --max-pages and --depth', () => {
  /** A chain: / -> /1 -> /2 -> ... -> /n, plus a side link on every page. */
  async function chain(n: number) {
    const server = await site();
    server.routes['/'] = html('<a href="/1">1</a><a href="/side/0">side</a>');
    for (let i = 1; i <= n; i++) {
      server.routes[`/${i}`] = html(`${i < n ? `<a href="/${i + 1}">next</a>` : ''}<a href="/side/${i}">side</a>`);
      server.routes[`/side/${i - 1}`] = html('side');
    }
    server.routes[`/side/${n}`] = html('side');
    return server;
  }

  it('fetches no more than --max-pages pages and says it stopped there', async () => {
    const server = await chain(20);
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--max-pages', '5']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(server)).toHaveLength(5);
    expect(result.stderr).toMatch(/trawl: stopped \(max-pages\) in .*: 5 pages/);
    // Without --job the run's state is not kept at the page budget (trawl jobs: test/integration/cli/jobs.test.ts).
    expect(result.stderr).toMatch(/request\(s\) not fetched; this run's state is removed \(give --job <name> to keep/);
  });

  it('fetches only the start URLs with --depth 0', async () => {
    const server = await chain(5);
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, `${server.url}/3`, '--depth', '0', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(server).sort()).toEqual(['/', '/3']);
  });

  it('follows links one level deep with --depth 1', async () => {
    const server = await chain(5);
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--depth', '1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(server).sort()).toEqual(['/', '/1', '/side/0']);
  });
});
