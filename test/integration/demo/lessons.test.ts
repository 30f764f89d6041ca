import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { findAll, parseHtml, textNodes } from './helpers.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());

describe('timing experiment endpoints', () => {
  it('answers /delay/<ms>/<id> no sooner than <ms> with <h1 class="title">delay item <id></h1>', async () => {
    const started = performance.now();
    const res = await fetch(`${server.url}/delay/300/item-7`);
    const html = await res.text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(res.status).toBe(200);
    const h1 = findAll(parseHtml(html), (el) => el.name === 'h1' && el.attribs.class === 'title');
    expect(h1.flatMap(textNodes)).toEqual(['delay item item-7']);
  });

  it('refuses delays above 60000 ms with 400 and malformed delay paths with 404', async () => {
    expect((await fetch(`${server.url}/delay/60001/1`)).status).toBe(400);
    expect((await fetch(`${server.url}/delay/abc/1`)).status).toBe(404);
    expect((await fetch(`${server.url}/delay/100`)).status).toBe(404);
  });

  it('serves /bobo, /jay and /tom after 2 s each, each with an <a id="feng"> to a local path', async () => {
    const started = performance.now();
    const pages = await Promise.all(
      ['bobo', 'jay', 'tom'].map(async (name) => {
        const res = await fetch(`${server.url}/${name}`);
        return { name, elapsed: performance.now() - started, html: await res.text() };
      }),
    );
    const hrefs = [];
    for (const page of pages) {
      expect(page.elapsed).toBeGreaterThanOrEqual(1900);
      const links = findAll(parseHtml(page.html), (el) => el.name === 'a' && el.attribs.id === 'feng');
      expect(links).toHaveLength(1);
      hrefs.push(links[0]!.attribs.href);
    }
    expect(hrefs).toEqual(['/jay', '/tom', '/bobo']);
  });
});
