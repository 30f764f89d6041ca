// What `trawl crawl` sends and where from, seen at the server: -H headers, --user-agent, --proxy,
// --robots, and start URLs read from an -i file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, paths, site, startProxy, trawl, workDir } from './helpers.js';

describe('trawl crawl request settings', () => {
  it('sends every -H header and the --user-agent with each request', async () => {
    const server = await site({ '/': html('<a href="/next">next</a>'), '/next': html('next') });
    const result = await trawl(workDir(), [
      'crawl', `${server.url}/`, '-H', 'X-Token: abc 123', '-H', 'Accept-Language: fr', '--user-agent', 'TestBot/2.0', '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(server.log).toHaveLength(2);
    for (const entry of server.log) {
      expect(entry.headers['x-token']).toBe('abc 123');
      expect(entry.headers['accept-language']).toBe('fr');
      expect(entry.headers['user-agent']).toBe('TestBot/2.0');
    }
  });

  it('sends requests through --proxy', async () => {
    const proxy = await startProxy();
    const server = await site({ '/': html('<a href="/next">next</a>'), '/next': html('<h1>via proxy</h1>') });
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--proxy', proxy.url, '--extract', 'h=h1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(proxy.used.length).toBeGreaterThan(0);
    expect(proxy.used.every((line) => line === `CONNECT 127.0.0.1:${server.port}` || line.startsWith(`GET ${server.url}/`))).toBe(true);
    expect(paths(server)).toEqual(['/', '/next']);
    expect(result.stdout).toContain('"h":"via proxy"');
  });

  it('obeys robots.txt with --robots and exits 0: disallowed pages are not fetched', async () => {
    const server = await site({
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n'),
      '/': html('<a href="/private/a">private</a><a href="/public/b">public</a>'),
      '/private/a': html('secret'),
      '/public/b': html('open'),
    });
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--robots']);
    expect(server.hits.get('/robots.txt')).toBe(1);
    expect(paths(server).sort()).toEqual(['/', '/public/b']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('--retry-failed');
    expect(result.stderr).toMatch(/finished in .*: 2 pages, 0 items, 0 failed/);
  });

  it('ignores robots.txt without --robots', async () => {
    const server = await site({
      '/robots.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /\n'),
      '/': html('<a href="/private/a">private</a>'),
      '/private/a': html('secret'),
    });
    const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(server.hits.get('/robots.txt')).toBeUndefined();
    expect(paths(server).sort()).toEqual(['/', '/private/a']);
  });
});

describe('trawl crawl -i', () => {
  it('reads start URLs one a line, skipping # comments and blank lines', async () => {
    const server = await site({ '/a': html('<h1>A</h1>'), '/b': html('<h1>B</h1>'), '/c': html('<h1>C</h1>') });
    const dir = workDir();
    writeFileSync(
      join(dir, 'urls.txt'),
      `# start pages\n${server.url}/a\n\n   \n  ${server.url}/b  \r\n# ${server.url}/c is not wanted\n`,
    );
    const result = await trawl(dir, ['crawl', '-i', 'urls.txt', '--extract', 'h=h1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(server).sort()).toEqual(['/a', '/b']);
    expect(result.stdout).toContain('"h":"A"');
    expect(result.stdout).toContain('"h":"B"');
  });
});
