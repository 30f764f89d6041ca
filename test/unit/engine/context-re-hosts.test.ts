// The handler context's re() / reFirst() (Scrapy's .re() / .re_first()) on a real crawl, and the
// crawl's host rules holding enqueue() and enqueueLinks().
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { Crawler } from '../../../src/engine/crawler.js';
import { compileHostRules } from '../../../src/engine/host-rules.js';
import { MemorySink, pages } from './helpers.js';

describe('ctx.re() and ctx.reFirst()', () => {
  it('match the page text, a selector\'s values, or a node\'s text, giving the first group of each match', async () => {
    const site = await pages((path) =>
      path === '/'
        ? '<p class="x">price 12 or 13</p><p class="x">price 14</p><script>var srcUrl="https://v.test/a.mp4",vdoUrl=srcUrl;</script>'
        : undefined,
    );
    const sink = new MemorySink();
    const crawler = new Crawler({
      sink,
      handler(ctx) {
        const [second] = ctx.xpath('//p[2]') as AnyNode[];
        ctx.push({
          src: ctx.reFirst('srcUrl="(.*?)",vdoUrl'),
          everyNumber: ctx.re('\\d+'),
          prices: ctx.re(/price (\d+)/, 'p.x'),
          firstPrice: ctx.reFirst(/(\d+)$/, 'p.x'),
          inNode: ctx.reFirst('(\\d+)', undefined, second),
          none: ctx.reFirst('nothing(here)'),
          noneAll: ctx.re('nothing(here)', 'p'),
        });
      },
    });
    await crawler.run([`${site.url}/`]);
    expect(sink.items).toEqual([
      {
        src: 'https://v.test/a.mp4',
        everyNumber: ['12', '13', '14', '4'],
        prices: ['12', '14'],
        firstPrice: '13',
        inNode: '14',
        none: null,
        noneAll: [],
      },
    ]);
  });
});

describe('host rules in a crawl', () => {
  it('drop enqueued requests and links to refused hosts, and enqueue() counts only what it queued', async () => {
    let port = '';
    const site = await pages((path) => {
      if (path === '/') return `<a href="/a">a</a><a href="http://localhost:${port}/b">b</a>`;
      return path === '/a' || path === '/b' || path === '/c' ? 'page' : undefined;
    });
    port = new URL(site.url).port;
    const counts: number[] = [];
    const crawler = new Crawler({
      hosts: compileHostRules({ allow: [`127.0.0.1:${port}`], deny: [] }),
      handler(ctx) {
        if (ctx.request.depth > 0) return;
        counts.push(ctx.enqueueLinks({ sameOrigin: false }));
        counts.push(ctx.enqueue([`http://localhost:${port}/c`, `${site.url}/c`]));
      },
    });
    const summary = await crawler.run([`${site.url}/`]);
    expect(site.log.map((entry) => `${entry.headers.host}${entry.path}`).sort()).toEqual([`127.0.0.1:${port}/`, `127.0.0.1:${port}/a`, `127.0.0.1:${port}/c`]);
    expect(counts).toEqual([1, 1]);
    expect(summary.failedTotal).toBe(0);
  });
});
