// `trawl crawl --job` and failures through the real CLI: the job's state file, resuming a finished
// job, an unreachable host that fails for good and is fetched later with --retry-failed, and
// which HTTP errors are retried.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, startCli } from '../../helpers/cli.js';
import { byUrl, freePort, html, listenOn, paths, readJsonl, site, trawl, workDir } from './helpers.js';

describe('trawl crawl --job', () => {
  it('keeps the state in .trawl/<name>.db, and a second run of a finished job fetches nothing and keeps the output', async () => {
    const server = await site({
      '/': html('<a href="/a">a</a><a href="/b">b</a>'),
      '/a': html('<h1>A</h1>'),
      '/b': html('<h1>B</h1>'),
    });
    const dir = workDir();
    const args = ['crawl', `${server.url}/`, '--job', 'shop', '-o', 'items.jsonl', '--extract', 'h=h1', '--quiet'];
    const first = await trawl(dir, args);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir, '.trawl', 'shop.db'))).toBe(true);
    const output = readFileSync(join(dir, 'items.jsonl'), 'utf8');
    expect(readJsonl(join(dir, 'items.jsonl'))).toHaveLength(3);
    expect(paths(server)).toHaveLength(3);

    const second = await trawl(dir, args);
    expect(second.code, second.stderr).toBe(0);
    expect(paths(server)).toHaveLength(3);
    expect(readFileSync(join(dir, 'items.jsonl'), 'utf8')).toBe(output);
    expect(second.stderr).toMatch(/finished in .*: 0 pages, 0 items/);
  });

  it('stops on Ctrl-C with exit code 130 and the same --job finishes the crawl with every item once', async () => {
    const server = await site({}, { latencyMs: 60 });
    server.routes['/'] = html(Array.from({ length: 30 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(''));
    for (let i = 0; i < 30; i++) server.routes[`/p/${i}`] = html(`<h1>${i}</h1>`);
    const dir = workDir();
    const args = ['crawl', `${server.url}/`, '--job', 'sig', '-o', 'items.jsonl', '-c', '2', '--match', '/p/', '--extract', 'h=h1'];
    const child = startCli(args, { cwd: dir });
    const stopped = collect(child);
    while (paths(server).length < 5 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGINT');
    const first = await stopped;
    expect(first.code, first.stderr).toBe(130);
    expect(first.stderr).toMatch(/trawl: \d+ request\(s\) not yet fetched: continue with --job sig/);
    expect(paths(server).length).toBeLessThan(31);

    const second = await trawl(dir, args);
    expect(second.code, second.stderr).toBe(0);
    expect(byUrl(readJsonl(join(dir, 'items.jsonl')))).toEqual(
      byUrl(Array.from({ length: 30 }, (_, i) => ({ url: `${server.url}/p/${i}`, h: String(i) }))),
    );
    expect(paths(server)).toHaveLength(31);
  });

  it('removes the made-up state file after an unnamed crawl finishes cleanly', async () => {
    const server = await site({ '/': html('home') });
    const dir = workDir();
    const result = await trawl(dir, ['crawl', `${server.url}/`]);
    expect(result.code, result.stderr).toBe(0);
    const state = /state: (\S+\.db)/.exec(result.stderr)?.[1];
    expect(state).toBeDefined();
    expect(existsSync(state!)).toBe(false);
  });
});

describe('trawl crawl failures', () => {
  it('fails an unreachable host for good, exits 1, says how to retry, keeps the job, and --retry-failed fetches it later', async () => {
    const port = await freePort();
    const dir = workDir();
    const url = `http://127.0.0.1:${port}/page`;
    const args = ['crawl', url, '--job', 'later', '-o', 'items.jsonl', '--extract', 'h=h1', '--retries', '2'];
    const failed = await trawl(dir, args);
    expect(failed.code, failed.stderr).toBe(1);
    expect(failed.stderr).toContain(`trawl: failed: ${url}: network error (ECONNREFUSED)`);
    expect(failed.stderr).toMatch(/1 request\(s\) failed for good; .*--job later --retry-failed/);
    expect(existsSync(join(dir, '.trawl', 'later.db'))).toBe(true);

    // The host comes up on the same port.
    const server = await listenOn(port, (req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(`<h1>up ${req.url}</h1>`));
    });
    const again = await trawl(dir, [...args, '--retry-failed']);
    expect(again.code, again.stderr).toBe(0);
    expect(server.paths).toEqual(['/page']);
    expect(readJsonl(join(dir, 'items.jsonl'))).toEqual([{ url, h: 'up /page' }]);
    expect(again.stderr).toMatch(/finished in .*: 1 pages, 1 items, 0 failed/);
  });

  it('does not fetch a failed request again on resume without --retry-failed', async () => {
    const server = await site({ '/': html('<a href="/gone">gone</a>') });
    const dir = workDir();
    const args = ['crawl', `${server.url}/`, '--job', 'j', '--quiet'];
    expect((await trawl(dir, args)).code).toBe(1);
    const again = await trawl(dir, args);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`trawl: failed: ${server.url}/gone: HTTP 404`);
    expect(paths(server)).toEqual(['/', '/gone']);
  });

  it('retries a page that answers 500 once, and it then succeeds', async () => {
    let calls = 0;
    const server = await site({
      '/': html('<a href="/flaky">flaky</a>'),
      '/flaky': (_req, res) => {
        calls++;
        if (calls === 1) res.writeHead(500).end('oops');
        else res.writeHead(200, { 'content-type': 'text/html' }).end(html('<h1>fine</h1>'));
      },
    });
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--match', 'flaky', '--extract', 'h=h1']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(server)).toEqual(['/', '/flaky', '/flaky']);
    expect(result.stdout.trim()).toBe(JSON.stringify({ url: `${server.url}/flaky`, h: 'fine' }));
    expect(result.stderr).toMatch(/finished in .*: 2 pages, 1 items, 0 failed/);
  });

  it('fails a 404 page at once, without retrying it', async () => {
    const server = await site({ '/': html('<a href="/missing">missing</a><a href="/ok">ok</a>'), '/ok': html('ok') });
    const result = await trawl(workDir(), ['crawl', `${server.url}/`]);
    expect(result.code).toBe(1);
    expect(server.hits.get('/missing')).toBe(1);
    expect(server.hits.get('/ok')).toBe(1);
    expect(result.stderr).toContain(`trawl: failed: ${server.url}/missing: HTTP 404`);
    expect(result.stderr).toMatch(/finished in .*: 2 pages, 0 items, 1 failed/);
  });
});
