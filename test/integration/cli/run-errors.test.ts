// What `trawl run` does when a spider's handler throws, counted at the server: RetryRequestError
// and plain errors are retried up to handlerRetries, NonRetryableError and bugs (TypeError)
// fail at once, and a CriticalError stops the crawl with the job left resumable. The error
// classes come from the spider's own `import ... from 'trawl'`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { byUrl, html, paths, readJsonl, site, SPIDERS, trawl, workDir } from './helpers.js';

const POLICIES = join(SPIDERS, 'policies.ts');

describe('trawl run: handler errors', () => {
  it('retries RetryRequestError and plain errors up to handlerRetries, and fails NonRetryableError and a TypeError at once', async () => {
    const server = await site({
      '/': html(['/retry', '/never', '/bug', '/plain', '/ok'].map((path) => `<a href="${path}">${path}</a>`).join('')),
    });
    for (const path of ['/retry', '/never', '/bug', '/plain', '/ok']) server.routes[path] = html(path);
    const result = await trawl(workDir(), ['run', POLICIES, '--base', server.url, '--job', 'policies']);
    // handlerRetries is 2 in the spider: three attempts in all.
    expect(server.hits.get('/retry')).toBe(3);
    expect(server.hits.get('/plain')).toBe(3);
    expect(server.hits.get('/never')).toBe(1);
    expect(server.hits.get('/bug')).toBe(1);
    expect(server.hits.get('/ok')).toBe(1);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/finished in .*: 2 pages, 2 items, 4 failed, 4 retried/);
    expect(result.stderr).toContain(`trawl: failed: ${server.url}/never: never works`);
    expect(result.stderr).toContain(`trawl: failed: ${server.url}/retry: asked to retry`);
    expect(result.stderr).toContain(`trawl: failed: ${server.url}/plain: plain failure`);
    expect(result.stderr).toMatch(new RegExp(`trawl: failed: ${server.url}/bug: .*Cannot read properties of undefined`));
    expect(result.stderr).toMatch(/4 request\(s\) failed for good; .*--job policies --retry-failed/);
  });

  it('stops the whole crawl on a CriticalError with a non-zero exit, and the job resumes to the end', async () => {
    const server = await site({
      '/': html('<a href="/a">a</a><a href="/critical">critical</a><a href="/b">b</a><a href="/c">c</a>'),
      '/a': html('a'),
      '/critical': html('critical'),
      '/b': html('b'),
      '/c': html('c'),
    });
    const dir = workDir();
    const args = ['run', POLICIES, '--base', server.url, '--job', 'stop', '-o', 'items.jsonl', '-c', '1'];
    const stopped = await trawl(dir, args);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain('site changed: stop everything');
    // -c 1 fetches in link order, one request at a time; the fetch already in flight when the
    // handler threw (/b at most) may finish, nothing after it starts.
    const before = paths(server);
    expect(before.slice(0, 3)).toEqual(['/', '/a', '/critical']);
    expect(before.slice(3)).not.toContain('/c');
    expect(before.length).toBeLessThanOrEqual(4);
    const saved = readJsonl(join(dir, 'items.jsonl')).map((item) => item.url);
    expect(saved.slice(0, 2)).toEqual([`${server.url}/`, `${server.url}/a`]);
    expect(saved).not.toContain(`${server.url}/critical`);

    const resumed = await trawl(dir, args, { POLICIES_CALM: '1' });
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = paths(server).slice(before.length);
    expect(after[0]).toBe('/critical');
    expect([...before, ...after].filter((path) => path !== '/critical').sort()).toEqual(['/', '/a', '/b', '/c']);
    const items = readJsonl(join(dir, 'items.jsonl'));
    expect(byUrl(items)).toEqual(byUrl(['/', '/a', '/critical', '/b', '/c'].map((path) => ({ url: `${server.url}${path}` }))));
  });
});
