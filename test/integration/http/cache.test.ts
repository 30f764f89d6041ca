// The HTTP cache (option `cache`): replay serves what is stored without touching the site —
// redirect chains, cookies and all, even after a restart and with the site gone; refresh
// always fetches; only answers the site would give again are stored; a hit needs no host slot.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpStatusError, InputError } from '../../../src/errors/index.js';
import { Fetcher, type FetchEvent } from '../../../src/http/index.js';
import { fetcher, rejection, server } from './fixtures.js';

function cacheDir(): string {
  return mkdtempSync(join(tmpdir(), 'trawl-cache-'));
}

describe('HTTP cache, replay mode', () => {
  it('serves a stored response without asking the site, and marks it', async () => {
    let n = 0;
    const site = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`answer ${++n}`);
    });
    const client = fetcher({ cache: { dir: cacheDir() } });
    const first = await client.fetch({ url: `${site.url}/page` });
    const second = await client.fetch({ url: `${site.url}/page` });
    expect([first.text, second.text]).toEqual(['answer 1', 'answer 1']);
    expect(first.cache).toBeUndefined();
    expect(second.cache).toBe('hit');
    expect(second.headers['content-type']).toBe('text/plain');
    expect(site.log).toHaveLength(1);
  });

  it('replays a redirect chain hop by hop after a restart, with the site stopped', async () => {
    const dir = cacheDir();
    const site = await server((req, res) => {
      if (req.url === '/a') res.writeHead(301, { location: '/b' }).end();
      else if (req.url === '/b') res.writeHead(302, { location: '/c?x=1' }).end();
      else res.writeHead(200, { 'content-encoding': 'identity' }).end(`final ${req.url}`);
    });
    const live = new Fetcher({ cache: { dir } });
    const fetched = await live.fetch({ url: `${site.url}/a` });
    await live.close();
    await site.close();
    const offline = fetcher({ cache: { dir } });
    const replayed = await offline.fetch({ url: `${site.url}/a` });
    expect(replayed.text).toBe(fetched.text);
    expect(replayed.url).toBe(`${site.url}/c?x=1`);
    expect(replayed.redirects).toEqual(fetched.redirects);
    expect(replayed.headers).toEqual(fetched.headers);
    expect(replayed.cache).toBe('hit');
  });

  it('keys entries by method, normalised URL and body (text or its UTF-8 bytes alike)', async () => {
    const site = await server(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.end(`${req.method} ${req.url} ${body}`);
    });
    const client = fetcher({ cache: { dir: cacheDir() } });
    const answers = [];
    for (const request of [
      { url: `${site.url}/q?b=2&a=1` },
      { url: `${site.url}/q?a=1&b=2#frag` },
      { url: `${site.url}/q?a=1&b=2`, method: 'POST', body: 'one' },
      { url: `${site.url}/q?a=1&b=2`, method: 'POST', body: 'two' },
      { url: `${site.url}/q?a=1&b=2`, method: 'POST', body: new TextEncoder().encode('two') },
      { url: `${site.url}/q?a=1&b=2`, method: 'POST', body: 'one' },
    ]) {
      answers.push((await client.fetch(request)).text);
    }
    expect(answers).toEqual([
      'GET /q?b=2&a=1 ',
      'GET /q?b=2&a=1 ',
      'POST /q?a=1&b=2 one',
      'POST /q?a=1&b=2 two',
      'POST /q?a=1&b=2 two',
      'POST /q?a=1&b=2 one',
    ]);
    expect(site.log).toHaveLength(3);
  });

  it('stores 404s but not 5xx or 429, which the retry layer must see afresh', async () => {
    let fails = 0;
    const site = await server((req, res) => {
      if (req.url === '/missing') res.writeHead(404).end('no');
      else if (fails++ < 2) res.writeHead(503).end();
      else res.writeHead(200).end('recovered');
    });
    const client = fetcher({ cache: { dir: cacheDir() }, maxRetries: 0 });
    for (let i = 0; i < 2; i++) expect(await rejection(client.fetch({ url: `${site.url}/missing` }))).toBeInstanceOf(HttpStatusError);
    expect(site.hits.get('/missing')).toBe(1);
    for (let i = 0; i < 2; i++) expect((await rejection(client.fetch({ url: `${site.url}/flaky` }))).message).toContain('503');
    expect((await client.fetch({ url: `${site.url}/flaky` })).text).toBe('recovered');
    expect((await client.fetch({ url: `${site.url}/flaky` })).cache).toBe('hit');
    expect(site.hits.get('/flaky')).toBe(3);
  });

  it('puts the Set-Cookie of a replayed response into the jar, so a replayed login still works', async () => {
    const dir = cacheDir();
    const site = await server((req, res) => {
      if (req.url === '/login') res.writeHead(200, { 'set-cookie': 'session=abc; Path=/' }).end('welcome');
      else res.writeHead(200).end(`cookie: ${req.headers.cookie ?? 'none'}`);
    });
    const live = new Fetcher({ cache: { dir } });
    await live.fetch({ url: `${site.url}/login` });
    await live.fetch({ url: `${site.url}/account` });
    await live.close();
    await site.close();
    const offline = fetcher({ cache: { dir } });
    await offline.fetch({ url: `${site.url}/login` });
    expect(offline.getCookieString(`${site.url}/account`)).toBe('session=abc');
    expect((await offline.fetch({ url: `${site.url}/account` })).text).toBe('cookie: session=abc');
  });

  it('answers a hit without a host slot: the only permit of the host can be held meanwhile', async () => {
    const site = await server((_req, res) => {
      res.end('cached');
    });
    const client = fetcher({ cache: { dir: cacheDir() }, perHost: 1, concurrency: 1 });
    await client.fetch({ url: `${site.url}/x` });
    const held = client.slots.tryAcquire(site.url);
    expect(held).toBeDefined();
    expect(client.servesFromCache({ url: `${site.url}/x` })).toBe(true);
    expect(client.servesFromCache({ url: `${site.url}/y` })).toBe(false);
    // Were a slot needed, this would wait for `held` forever.
    const hit = await Promise.race([
      client.fetch({ url: `${site.url}/x` }),
      new Promise<never>((_resolve, reject) => setTimeout(() => reject(new Error('the cache hit waited for a host slot')), 5000)),
    ]);
    expect(hit.cache).toBe('hit');
    // A scheduler's tryFetch() starts a hit at once, and refuses what would need the slot.
    const started = client.tryFetch({ url: `${site.url}/x` });
    expect(started).toBeDefined();
    expect((await started!).cache).toBe('hit');
    expect(client.tryFetch({ url: `${site.url}/y` })).toBeUndefined();
    held!.release();
  });

  it('leaves Range requests and stream() alone', async () => {
    const site = await server((req, res) => {
      res.end(`range ${req.headers.range ?? 'none'}`);
    });
    const client = fetcher({ cache: { dir: cacheDir() } });
    await client.fetch({ url: `${site.url}/r` });
    const ranged = await client.fetch({ url: `${site.url}/r`, headers: { range: 'bytes=0-3' } });
    expect(ranged.text).toBe('range bytes=0-3');
    const streamed = await client.stream({ url: `${site.url}/r` });
    let text = '';
    for await (const chunk of streamed.body) text += Buffer.from(chunk).toString();
    expect(text).toBe('range none');
    expect(site.log).toHaveLength(3);
  });

  it('emits an event for each hop: stored, hit, not-stored', async () => {
    const site = await server((req, res) => {
      res.writeHead(req.url === '/bad' ? 500 : 200).end();
    });
    const client = fetcher({ cache: { dir: cacheDir() }, maxRetries: 0 });
    const events: FetchEvent[] = [];
    client.events.on((event) => events.push(event));
    await client.fetch({ url: `${site.url}/ok` });
    await client.fetch({ url: `${site.url}/ok` });
    await rejection(client.fetch({ url: `${site.url}/bad` }));
    expect(events.filter((event) => event.type === 'cache').map((event) => (event.type === 'cache' ? event.outcome : ''))).toEqual([
      'stored',
      'hit',
      'not-stored',
    ]);
  });
});

describe('HTTP cache, refresh mode', () => {
  it('fetches every time and replaces what is stored', async () => {
    const dir = cacheDir();
    let version = 1;
    const site = await server((_req, res) => {
      res.end(`v${version}`);
    });
    const replay = new Fetcher({ cache: { dir } });
    expect((await replay.fetch({ url: `${site.url}/p` })).text).toBe('v1');
    await replay.close();
    version = 2;
    const refresh = fetcher({ cache: { dir, mode: 'refresh' } });
    const refreshed = await refresh.fetch({ url: `${site.url}/p` });
    expect(refreshed.text).toBe('v2');
    expect(refreshed.cache).toBeUndefined();
    expect(site.log).toHaveLength(2);
    const again = fetcher({ cache: { dir } });
    expect((await again.fetch({ url: `${site.url}/p` })).text).toBe('v2');
    expect(site.log).toHaveLength(2);
  });
});

describe('HTTP cache folder', () => {
  it('fails with an InputError naming a folder that cannot be created', () => {
    const file = join(cacheDir(), 'a-file');
    writeFileSync(file, 'x');
    let error: unknown;
    try {
      new Fetcher({ cache: { dir: join(file, 'cache') } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`${join(file, 'cache')} (cache folder): cannot create it (ENOTDIR)`);
  });

  it('refuses a cache file written by a newer trawl', async () => {
    const dir = cacheDir();
    const made = new Fetcher({ cache: { dir } });
    await made.close();
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(dir, 'http-cache.db'));
    db.pragma('user_version = 99');
    db.close();
    expect(() => new Fetcher({ cache: { dir } })).toThrow(/http-cache\.db \(HTTP cache\): written by a newer trawl \(schema 99/);
  });
});
