// Where a crawl may go: --allow-host widens the declarative crawl from "same origin" to the
// hosts it names, --deny-host narrows it, a redirect to a refused host fails naming the host, and
// a spider's allowHosts / denyHosts hold enqueue() and enqueueLinks() too.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, paths, site, trawl, workDir } from '../cli/helpers.js';

/** Two sites on 127.0.0.1 (different ports) and the page of the first linking to both, and to localhost. */
async function twoSites() {
  const other = await site({ '/': html('<h1>other</h1><a href="/deeper">deeper</a>'), '/deeper': html('<h1>deeper</h1>') });
  const shop = await site();
  Object.assign(shop.routes, {
    '/': html(`<a href="/own">own</a> <a href="${other.url}/">other</a> <a href="http://localhost:${other.port}/deeper">by name</a>`),
    '/own': html('<h1>own</h1>'),
  });
  return { shop, other };
}

describe('--allow-host and --deny-host in a declarative crawl', () => {
  it('follows links to the hosts --allow-host names, as well as the start host when it is named', async () => {
    const { shop, other } = await twoSites();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--allow-host', '127.0.0.1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop).sort()).toEqual(['/', '/own']);
    // localhost is another host name: not allowed by the pattern 127.0.0.1.
    expect(paths(other).sort()).toEqual(['/', '/deeper']);
    expect(other.log.every((entry) => entry.headers.host === `127.0.0.1:${other.port}`)).toBe(true);
  });

  it('matches host:port patterns, globs and /regex/ patterns against the link\'s host', async () => {
    const { shop, other } = await twoSites();
    const byPort = await trawl(workDir(), ['crawl', `${shop.url}/`, '--allow-host', `*:${other.port}`, '--quiet']);
    expect(byPort.code, byPort.stderr).toBe(0);
    // The start page is fetched; its own links are on a port the pattern does not name.
    expect(paths(shop)).toEqual(['/']);
    expect(other.log.map((entry) => entry.headers.host)).toContain(`localhost:${other.port}`);
    shop.log.length = 0;
    other.log.length = 0;
    const byRegex = await trawl(workDir(), ['crawl', `${shop.url}/`, '--allow-host', '/^local/', '--quiet']);
    expect(byRegex.code, byRegex.stderr).toBe(0);
    expect(paths(shop)).toEqual(['/']);
    expect(paths(other)).toEqual(['/deeper']);
  });

  it('never follows a link to a host --deny-host names', async () => {
    const { shop, other } = await twoSites();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--allow-host', '127.0.0.1', '--allow-host', 'localhost', '--deny-host', `127.0.0.1:${other.port}`, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop).sort()).toEqual(['/', '/own']);
    expect(other.log.map((entry) => `${entry.headers.host}${entry.path}`)).toEqual([`localhost:${other.port}/deeper`]);
  });

  it('refuses a redirect to a denied host: the request is skipped naming the host, and the host gets nothing', async () => {
    const { shop, other } = await twoSites();
    shop.routes['/'] = html('<a href="/go">go</a> <a href="/own">own</a>');
    shop.routes['/go'] = (_req, res) => void res.writeHead(302, { location: `${other.url}/` }).end();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--deny-host', `127.0.0.1:${other.port}`, '--quiet']);
    // Like a page robots.txt disallows: the crawl obeyed its rules, which is not a failure.
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`skipped: ${shop.url}/go: redirect to host 127.0.0.1:${other.port} refused (matches --deny-host 127.0.0.1:${other.port})`);
    expect(paths(shop).sort()).toEqual(['/', '/go', '/own']);
    expect(other.log).toHaveLength(0);
  });

  it('rejects a malformed pattern before fetching anything, naming the option', async () => {
    const { shop } = await twoSites();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--allow-host', 'http://example.com/']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('option --allow-host');
    expect(shop.log).toHaveLength(0);
  });
});

describe('allowHosts and denyHosts in a spider', () => {
  it('hold enqueue() and enqueueLinks() to the allowed hosts, and --allow-host replaces them', async () => {
    const { shop, other } = await twoSites();
    other.routes['/deeper?direct'] = html('<h1>direct</h1>');
    const dir = workDir();
    writeFileSync(
      join(dir, 'spider.mjs'),
      `export default {
        startUrls: ['${shop.url}/'],
        settings: { allowHosts: ['127.0.0.1:${shop.port}', 'localhost'], denyHosts: ['/^nowhere$/'] },
        handler(ctx) {
          ctx.push({ url: ctx.response.url });
          if (ctx.request.depth === 0) {
            ctx.enqueueLinks({ sameOrigin: false });
            ctx.enqueue('${other.url}/deeper?direct');
          }
        },
      };\n`,
    );
    const result = await trawl(dir, ['run', 'spider.mjs', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop).sort()).toEqual(['/', '/own']);
    expect(other.log.map((entry) => `${entry.headers.host}${entry.path}`)).toEqual([`localhost:${other.port}/deeper`]);
    shop.log.length = 0;
    other.log.length = 0;
    const replaced = await trawl(dir, ['run', 'spider.mjs', '--allow-host', `127.0.0.1:${other.port}`, '--quiet']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(paths(shop)).toEqual(['/']);
    expect(paths(other).sort()).toEqual(['/', '/deeper?direct']);
  });
});
