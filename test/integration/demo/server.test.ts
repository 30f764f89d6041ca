import { request, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { findAll, parseHtml } from './helpers.js';

describe('demo server: options', () => {
  it('refuses to listen on any host but 127.0.0.1', async () => {
    for (const host of ['0.0.0.0', 'localhost', '::1', '192.168.1.5']) {
      const attempt = startDemoServer({ host });
      await expect(attempt).rejects.toBeInstanceOf(OptionError);
      await expect(attempt).rejects.toMatchObject({ option: 'host', received: host });
    }
  });

  it('rejects unknown options and out-of-range values, naming the option', async () => {
    await expect(startDemoServer({ colour: 'red' } as never)).rejects.toMatchObject({ option: 'colour' });
    await expect(startDemoServer({ faults: 1.5 })).rejects.toMatchObject({ option: 'faults', received: 1.5 });
    await expect(startDemoServer({ port: 70000 })).rejects.toMatchObject({ option: 'port', received: 70000 });
    await expect(startDemoServer({ seed: 0.5 })).rejects.toMatchObject({ option: 'seed' });
  });

  it('listens on a free loopback port when given port 0 and reports its url without a trailing slash', async () => {
    const server = await startDemoServer();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.port).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('closes promptly even while a slow request is still waiting', async () => {
    const server = await startDemoServer();
    const pending = fetch(`${server.url}/delay/60000/1`).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await server.close();
    expect(await pending).toBe('dropped');
  });
});

describe('demo server: front page, stats and HTTP basics', () => {
  let server: DemoServer;
  beforeAll(async () => {
    server = await startDemoServer();
  });
  afterAll(() => server.close());

  it('links every job entry point from the front page, and every link answers 200', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const doc = parseHtml(await res.text());
    const hrefs = findAll(doc, (el) => el.name === 'a').map((a) => a.attribs.href as string);
    for (const expected of ['/category_5', '/photo/list/?page=1', '/marketanalysis/0/list/1.shtml', '/20220318/AbR4hL2x/index.m3u8', '/20230611/mV8pQz3k/index.m3u8', '/delay/100/1', '/bobo', '/gbk/']) {
      expect(hrefs).toContain(expected);
    }
    expect(hrefs.some((href) => href.startsWith('/api/pc/getCatalog?data='))).toBe(true);
    const statuses = await Promise.all(hrefs.map(async (href) => [href, (await fetch(server.url + href)).status]));
    expect(statuses.filter(([, status]) => status !== 200)).toEqual([]);
  });

  it('counts requests by path prefix in /__stats and in stats()', async () => {
    const before = server.stats();
    await fetch(`${server.url}/marketanalysis/0/list/3.shtml`).then((r) => r.arrayBuffer());
    await fetch(`${server.url}/marketanalysis/0/list/4.shtml`).then((r) => r.arrayBuffer());
    await fetch(`${server.url}/no/such/page`).then((r) => r.arrayBuffer());
    const after = (await (await fetch(`${server.url}/__stats`)).json()) as ReturnType<DemoServer['stats']>;
    expect(after.requests - before.requests).toBe(3);
    expect((after.byPath['/marketanalysis/'] ?? 0) - (before.byPath['/marketanalysis/'] ?? 0)).toBe(2);
    expect((after.byPath['(unmatched)'] ?? 0) - (before.byPath['(unmatched)'] ?? 0)).toBe(1);
    expect(server.stats()).toEqual(after);
  });

  it('answers unknown paths with 404 and other methods than GET/HEAD with 405', async () => {
    expect((await fetch(`${server.url}/nothing-here`)).status).toBe(404);
    const post = await fetch(`${server.url}/category_5`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await fetch(`${server.url}/category_5`);
    const body = Buffer.from(await get.arrayBuffer());
    const head = await fetch(`${server.url}/category_5`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(body.length);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('keeps connections alive between requests', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (): Promise<boolean> =>
      new Promise((resolve, reject) => {
        const req = request(`${server.url}/robots.txt`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get()).toBe(false);
    expect(await get()).toBe(true);
    agent.destroy();
  });

  it('serves a robots.txt that allows everything', async () => {
    const res = await fetch(`${server.url}/robots.txt`);
    expect(await res.text()).toBe('User-agent: *\nAllow: /\n');
  });
});
