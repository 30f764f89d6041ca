// What a crawl says on stderr and writes with --stats-json, against a site whose every page
// answers 503 once before it answers 200, and one page that is gone: every retried attempt is
// counted as the server saw it, a failure is told once, and --log-format json gives one event
// per line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, site, trawl, workDir } from './helpers.js';

const PAGES = ['/', '/a', '/b', '/c'];

/** Each page answers 503 the first time it is asked for, then 200; /gone is 404. */
async function flakySite() {
  const seen = new Map<string, number>();
  const server = await site({}, { latencyMs: 300 });
  for (const path of PAGES) {
    server.routes[path] = (_req, res) => {
      const count = (seen.get(path) ?? 0) + 1;
      seen.set(path, count);
      if (count === 1) res.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html(`<h1>${path}</h1>${path === '/' ? '<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a><a href="/gone">gone</a>' : ''}`));
    };
  }
  return server;
}

interface Stats {
  requests: number;
  retries: number;
  failed: number;
  items: number;
  bytes: number;
  duration: number;
  hosts: Record<string, { requests: number; retries: number; failed: number; statuses: Record<string, number> }>;
}

describe('crawl logs and stats', () => {
  it('counts every retried HTTP attempt as the server saw it, in the summary and in --stats-json', async () => {
    const server = await flakySite();
    const dir = workDir();
    const result = await trawl(dir, ['crawl', `${server.url}/`, '--extract', 'h=h1', '-o', 'items.jsonl', '--stats-json', 'stats.json']);
    expect(result.code, result.stderr).toBe(1); // /gone failed for good
    expect(server.log).toHaveLength(9); // four pages twice, /gone once
    const summary = result.stderr.split('\n').find((line) => line.startsWith('trawl: finished'));
    expect(summary).toMatch(/: 4 pages, 4 items, 1 failed, 4 retried, 9 requests, /);
    const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8')) as Stats;
    expect(stats).toMatchObject({ requests: 9, retries: 4, failed: 1, items: 4 });
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.duration).toBeGreaterThan(0);
    expect(stats.hosts[`127.0.0.1:${server.port}`]).toEqual({
      requests: 9,
      retries: 4,
      failed: 1,
      statuses: { '2xx': 4, '4xx': 1, '5xx': 4 },
      averageLatencyMs: expect.any(Number),
    });
  });

  it('prints a failure once, naming its URL once', async () => {
    const server = await flakySite();
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--extract', 'h=h1', '-o', 'items.jsonl']);
    const lines = result.stderr.split('\n').filter((line) => line.includes('/gone'));
    expect(lines).toEqual([`trawl: failed: ${server.url}/gone: HTTP 404`]);
  });

  it('writes one JSON event per line with --log-format json: retries with reason and attempt, the failure, progress and the summary', async () => {
    const server = await flakySite();
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--extract', 'h=h1', '-o', 'items.jsonl', '--log-format', 'json']);
    const events = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (kind: string) => events.filter((event) => event.event === kind);
    expect(of('retry')).toHaveLength(4);
    expect(of('retry')[0]).toMatchObject({ attempt: 2, reason: 'HTTP 503', code: 'TRAWL_ERR_HTTP_STATUS', by: 'fetcher' });
    expect(of('failure')).toEqual([expect.objectContaining({ url: `${server.url}/gone`, reason: 'HTTP 404' })]);
    expect(of('progress').length).toBeGreaterThanOrEqual(1);
    expect(of('progress')[0]).toEqual(expect.objectContaining({ requests: expect.any(Number), items: expect.any(Number), pagesPerSecond: expect.any(Number) }));
    expect(of('summary')).toEqual([expect.objectContaining({ requests: 9, retries: 4, failed: 1, items: 4 })]);
    expect(of('request')).toEqual([]); // only with -v
    for (const event of events) expect(typeof event.time).toBe('string');
  });

  it('adds a request event per HTTP request with -v', async () => {
    const server = await flakySite();
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--extract', 'h=h1', '-o', 'items.jsonl', '--log-format', 'json', '-v']);
    const requests = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((event) => event.event === 'request');
    expect(requests).toHaveLength(9);
    expect(requests.filter((event) => event.status === 503)).toHaveLength(4);
    expect(requests[0]).toMatchObject({ method: 'GET', url: `${server.url}/` });
  });

  it('prints retries with -v and every request with -vv', async () => {
    const server = await flakySite();
    const verbose = await trawl(workDir(), ['crawl', `${server.url}/`, '--extract', 'h=h1', '-o', 'items.jsonl', '-v']);
    expect(verbose.stderr).toMatch(new RegExp(`^trawl: retry 1 in [\\d.]+m?s: ${server.url}/a: HTTP 503$`, 'm'));
    expect(verbose.stderr).not.toMatch(/^trawl: GET /m);
    const fresh = await flakySite();
    const everything = await trawl(workDir(), ['crawl', `${fresh.url}/`, '--extract', 'h=h1', '-o', 'items.jsonl', '-vv']);
    expect(everything.stderr.split('\n').filter((line) => /^trawl: GET \d{3} /.test(line))).toHaveLength(9);
    expect(everything.stderr).toMatch(new RegExp(`^trawl: GET 503 ${fresh.url}/b \\(\\d+ ms\\)$`, 'm'));
  });
});
