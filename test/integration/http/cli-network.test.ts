// The network options of the CLI, through the built `trawl` as a child process: the HTTP cache
// replaying a crawl with the site stopped (and refresh / rfc9111), proxies from options, files
// and the environment — HTTP (absolute form and CONNECT for https) and SOCKS — a pool in which
// bad proxies are benched while the crawl completes, --no-private-networks for crawl, get and
// hls, and bad input: one line, exit 2, credentials never printed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { byUrl, errorLines, html, jsonLines, paths, readJsonl, site, trawl, workDir } from '../cli/helpers.js';
import { closedPort, startProxy, type TestProxy, type TestProxyOptions } from '../../helpers/proxy.js';
import { startSocksServer } from '../../helpers/socks-server.js';
import { startTlsSite } from '../../helpers/tls-site.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function proxy(options?: TestProxyOptions): Promise<TestProxy> {
  const started = await startProxy(options);
  closers.push(() => started.close());
  return started;
}

/** A shop of four pages: a list linking three items. */
async function shop(label = 'v1') {
  return site({
    '/': html(`<h1>list ${label}</h1><a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>`),
    '/a': html(`<h1>item a ${label}</h1>`),
    '/b': html(`<h1>item b ${label}</h1>`),
    '/c': html(`<h1>item c ${label}</h1>`),
  });
}

const EXTRACT = ['--extract', 'h=h1', '--quiet'];

function headings(stdout: string): string[] {
  return byUrl(jsonLines(stdout)).map((item) => String(item.h));
}

describe('trawl crawl --cache', () => {
  it('replays a crawl from the cache with the site stopped, giving the same items', async () => {
    const dir = workDir();
    const server = await shop();
    const first = await trawl(dir, ['crawl', `${server.url}/`, '--cache', 'http-cache', ...EXTRACT]);
    expect(first.code, first.stderr).toBe(0);
    expect(headings(first.stdout)).toEqual(['list v1', 'item a v1', 'item b v1', 'item c v1']);
    await server.close();
    const second = await trawl(dir, ['crawl', `${server.url}/`, '--cache', 'http-cache', ...EXTRACT]);
    expect(second.code, second.stderr).toBe(0);
    expect(byUrl(jsonLines(second.stdout))).toEqual(byUrl(jsonLines(first.stdout)));
  });

  it('fetches everything again with --cache-mode refresh, and replays the new answers after', async () => {
    const dir = workDir();
    const old = await shop('v1');
    await trawl(dir, ['crawl', `${old.url}/`, '--cache', 'c', ...EXTRACT]);
    old.routes['/'] = html('<h1>list v2</h1><a href="/a">a</a>');
    old.routes['/a'] = html('<h1>item a v2</h1>');
    const refreshed = await trawl(dir, ['crawl', `${old.url}/`, '--cache', 'c', '--cache-mode', 'refresh', ...EXTRACT]);
    expect(headings(refreshed.stdout)).toEqual(['list v2', 'item a v2']);
    expect(paths(old)).toEqual(expect.arrayContaining(['/', '/a']));
    await old.close();
    const replayed = await trawl(dir, ['crawl', `${old.url}/`, '--cache', 'c', ...EXTRACT]);
    expect(headings(replayed.stdout)).toEqual(['list v2', 'item a v2']);
  });

  it('revalidates with --cache-mode rfc9111: conditional requests, 304s, the same items', async () => {
    const dir = workDir();
    const page = (body: string, etag: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
      else res.writeHead(200, { etag, 'cache-control': 'no-cache', 'content-type': 'text/html' }).end(html(body));
    };
    const server = await site({ '/': page('<h1>home</h1><a href="/x">x</a>', '"h1"'), '/x': page('<h1>x</h1>', '"x1"') });
    const first = await trawl(dir, ['crawl', `${server.url}/`, '--cache', 'c', '--cache-mode', 'rfc9111', ...EXTRACT]);
    const second = await trawl(dir, ['crawl', `${server.url}/`, '--cache', 'c', '--cache-mode', 'rfc9111', ...EXTRACT]);
    expect(second.code, second.stderr).toBe(0);
    expect(headings(second.stdout)).toEqual(headings(first.stdout));
    const conditional = server.log.filter((entry) => entry.headers['if-none-match'] !== undefined).map((entry) => entry.path);
    expect(conditional.sort()).toEqual(['/', '/x']);
  });
});

describe('trawl crawl through proxies', () => {
  it('completes through a pool where one proxy refuses, one wants credentials and one is banned', async () => {
    const dir = workDir();
    const needsAuth = await proxy({ auth: { user: 'u', password: 'right' } });
    const banned = await proxy({ localAddress: '127.0.0.3' });
    const good = await proxy({ localAddress: '127.0.0.4' });
    const server = await shop();
    const original = { ...server.routes };
    const guard = (route: string) => (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      if (req.socket.remoteAddress === '127.0.0.3') res.writeHead(429).end();
      else res.writeHead(200, { 'content-type': 'text/html' }).end(original[route] as string);
    };
    for (const route of ['/', '/a', '/b', '/c']) server.routes[route] = guard(route);
    const refusing = `http://hidden:s3cret-one@127.0.0.1:${await closedPort()}`;
    const wrongCredentials = `http://u:s3cret-two@127.0.0.1:${needsAuth.port}`;
    const file = join(dir, 'proxies.txt');
    writeFileSync(file, `# the pool\n${refusing}\n\n${wrongCredentials}\n${banned.url}\n${good.url}\n`);
    const result = await trawl(dir, ['crawl', `${server.url}/`, '--proxy-file', 'proxies.txt', '--retries', '0', ...EXTRACT]);
    expect(result.code, result.stderr).toBe(0);
    expect(headings(result.stdout)).toEqual(['list v1', 'item a v1', 'item b v1', 'item c v1']);
    expect(good.used.length).toBeGreaterThanOrEqual(4);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/s3cret/);
  });

  it('uses HTTP_PROXY from the environment, and not for NO_PROXY hosts', async () => {
    const dir = workDir();
    const via = await proxy();
    const server = await shop();
    const proxied = await trawl(dir, ['crawl', `${server.url}/`, ...EXTRACT], { HTTP_PROXY: via.url, NO_PROXY: '' });
    expect(proxied.code, proxied.stderr).toBe(0);
    expect(via.used).toHaveLength(4);
    const direct = await trawl(dir, ['crawl', `${server.url}/`, ...EXTRACT], { HTTP_PROXY: via.url, NO_PROXY: '127.0.0.1' });
    expect(direct.code, direct.stderr).toBe(0);
    expect(via.used).toHaveLength(4);
  });

  it('crawls an https site through an HTTP proxy (CONNECT) and through socks5h', async () => {
    const dir = workDir();
    const tls = await startTlsSite((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(html(req.url === '/' ? '<h1>secure</h1><a href="/next">n</a>' : '<h1>next</h1>'));
    });
    closers.push(() => tls.close());
    const via = await proxy();
    const socks = await startSocksServer();
    closers.push(() => socks.close());
    const env = { NODE_EXTRA_CA_CERTS: tls.certFile };
    const connect = await trawl(dir, ['crawl', `${tls.url}/`, '--proxy', via.url, ...EXTRACT], env);
    expect(connect.code, connect.stderr).toBe(0);
    expect(headings(connect.stdout)).toEqual(['secure', 'next']);
    expect(new Set(via.used)).toEqual(new Set([`CONNECT 127.0.0.1:${tls.port}`]));
    const overSocks = await trawl(dir, ['crawl', `https://localhost:${tls.port}/`, '--proxy', `socks5h://127.0.0.1:${socks.port}`, ...EXTRACT], env);
    expect(overSocks.code, overSocks.stderr).toBe(0);
    expect(headings(overSocks.stdout)).toEqual(['secure', 'next']);
    expect(socks.used.every((entry) => entry.host === 'localhost' && entry.form === 'domain')).toBe(true);
  });

  it('names an unreachable proxy in one line per request, password masked, exit 1', async () => {
    const dir = workDir();
    const server = await shop();
    const port = await closedPort();
    const result = await trawl(dir, ['crawl', `${server.url}/`, '--proxy', `socks5://me:hunter2@127.0.0.1:${port}`, ...EXTRACT]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`proxy socks5://me:***@127.0.0.1:${port}: cannot connect (ECONNREFUSED)`);
    expect(result.stderr).not.toContain('hunter2');
    expect(paths(server)).toEqual([]);
  });
});

describe('--no-private-networks on the command line', () => {
  it('makes crawl, get and hls refuse a host that resolves to loopback', async () => {
    const dir = workDir();
    const server = await shop();
    const local = `http://localhost:${server.port}`;
    const crawl = await trawl(dir, ['crawl', `${local}/`, '--no-private-networks', ...EXTRACT]);
    const get = await trawl(dir, ['get', `${local}/a`, '--no-private-networks', '--quiet']);
    const hls = await trawl(dir, ['hls', `${local}/x.m3u8`, '--no-private-networks', '--quiet']);
    for (const result of [crawl, get, hls]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/refused localhost \((127\.0\.0\.1|::1)\): loopback address, and private networks are not allowed/);
    }
    expect(paths(server)).toEqual([]);
  });
});

describe('network options with --workers', () => {
  it('share one cache between the processes of a job, and replay it with the site stopped', async () => {
    const dir = workDir();
    const server = await shop();
    const first = await trawl(dir, ['crawl', `${server.url}/`, '--workers', '2', '--job', 'cached', '--cache', 'c', '-o', 'one.jsonl', ...EXTRACT]);
    expect(first.code, first.stderr).toBe(0);
    await server.close();
    const replay = await trawl(dir, ['crawl', `${server.url}/`, '--workers', '2', '--job', 'replayed', '--cache', 'c', '-o', 'two.jsonl', ...EXTRACT]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(byUrl(readJsonl(join(dir, 'two.jsonl')))).toEqual(byUrl(readJsonl(join(dir, 'one.jsonl'))));
    expect(readJsonl(join(dir, 'two.jsonl'))).toHaveLength(4);
  });
});

describe('trawl get with proxies', () => {
  it('downloads through a SOCKS proxy given to get', async () => {
    const dir = workDir();
    const server = await site({ '/file.bin': (_req, res) => void res.writeHead(200).end(Buffer.alloc(5000, 1)) });
    const socks = await startSocksServer();
    closers.push(() => socks.close());
    const result = await trawl(dir, ['get', `${server.url}/file.bin`, '--proxy', socks.url, '-d', 'out', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(socks.used).toHaveLength(1);
  });
});

describe('bad network options: one line, exit 2', () => {
  async function rejected(args: string[], mention: RegExp, setup?: (dir: string) => void): Promise<string> {
    const dir = workDir();
    setup?.(dir);
    const result = await trawl(dir, args);
    const lines = errorLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(mention);
    expect(result.code).toBe(2);
    return lines[0]!;
  }

  it('a proxy file with a bad line, naming file:line and masking the password', async () => {
    const line = await rejected(['crawl', 'http://127.0.0.1:9/', '--proxy-file', 'p.txt'], /"ftp:\/\/me:\*\*\*@proxy:21" \(p\.txt:3\): bad proxy URL: scheme ftp/, (dir) =>
      writeFileSync(join(dir, 'p.txt'), 'http://127.0.0.1:3128\n# comment\nftp://me:topsecret@proxy:21\n'),
    );
    expect(line).not.toContain('topsecret');
  });

  it('a proxy file that cannot be read', async () => {
    await rejected(['get', 'http://127.0.0.1:9/x', '--proxy-file', 'none.txt'], /none\.txt \(--proxy-file\): cannot read the proxy list \(ENOENT\)/);
  });

  it('a --proxy that is not a proxy URL', async () => {
    const line = await rejected(['crawl', 'http://127.0.0.1:9/', '--proxy', 'gopher://a:b-secret@x'], /option --proxy: scheme gopher/);
    expect(line).not.toContain('b-secret');
  });

  it('an unknown --cache-mode', async () => {
    await rejected(['crawl', 'http://127.0.0.1:9/', '--cache', 'c', '--cache-mode', 'sometimes'], /--cache-mode.*sometimes/);
  });

  it('a --cache folder that cannot be created', async () => {
    await rejected(['crawl', 'http://127.0.0.1:9/', '--cache', 'f/cache'], /f\/cache \(--cache\): cannot create the cache folder \(ENOTDIR\)/, (dir) =>
      writeFileSync(join(dir, 'f'), 'a file'),
    );
  });

  it('--cache-mode without --cache, --proxy-rotation without a proxy', async () => {
    await rejected(['crawl', 'http://127.0.0.1:9/', '--cache-mode', 'refresh'], /option --cache-mode: needs --cache/);
    await rejected(['crawl', 'http://127.0.0.1:9/', '--proxy-rotation', 'host'], /option --proxy-rotation: needs --proxy/);
  });
});

describe('crawl --help', () => {
  it('shows an example for each network option, then the exit codes', async () => {
    const help = await trawl(workDir(), ['crawl', '--help']);
    const examples = help.stdout.slice(help.stdout.indexOf('Examples:'));
    for (const option of ['--proxy ', '--proxy-file', '--proxy-rotation', '--cache ', '--cache-mode', '--no-private-networks']) {
      expect(examples, option).toContain(option);
    }
    // The help ends with the exit codes, after the examples.
    const tail = help.stdout.slice(help.stdout.lastIndexOf('Exit status:'));
    expect(tail).toMatch(/^Exit status: 0 done, 1 .*, 2 bad input/);
    expect(tail).not.toContain('trawl crawl');
  });
});
