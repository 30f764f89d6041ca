// RenderPool in a real headless Chromium: script-built content comes back rendered, the page
// stays usable until release(), pages that never settle, navigate away or open pop-ups are
// bounded and noted, blocked resources are never requested, browsers are replaced after N
// pages, and close() leaves no browser process behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLine, processTree } from '../../../src/browser/process-tree.js';
import type { RenderEvent } from '../../../src/browser/render-options.js';
import { RenderPool } from '../../../src/browser/render-pool.js';
import { OptionError } from '../../../src/errors/option-error.js';
import { catalogItem, catalogPageIds, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { parseHtml } from '../../../src/parse/html-document.js';
import { TypedEmitter } from '../../../src/util/emitter.js';
import type { TestServer } from '../../helpers/server.js';
import { describeWithBrowser, misbehavingSite } from './helpers.js';

const browserProcesses = (): number[] => processTree(process.pid).filter(({ pid }) => /chrom/.test(commandLine(pid))).map(({ pid }) => pid);

describeWithBrowser('RenderPool', () => {
  let demo: DemoServer;
  let site: TestServer;
  let pool: RenderPool;
  const events = new TypedEmitter<RenderEvent>();
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
    site = await misbehavingSite();
    pool = new RenderPool({ pagesPerBrowser: 3, readyTimeoutMs: 1500, events });
  });
  afterAll(async () => {
    await pool.close();
    await demo.close();
  });

  it('returns the DOM a script filled from a JSON API, with the status and headers of the page', async () => {
    const rendered = await pool.render(`${demo.url}/catalog/item/7.html`);
    try {
      const doc = parseHtml(rendered.html, rendered.url);
      expect(doc.$('h1#name').text()).toBe(catalogItem(7)!.name);
      expect(doc.$('span.price').text()).toBe(catalogItem(7)!.price);
      expect(rendered.html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect([rendered.status, rendered.headers['content-type'], rendered.ready, rendered.url]).toEqual([200, 'text/html; charset=utf-8', 'quiet', `${demo.url}/catalog/item/7.html`]);
      expect(rendered.notes).toEqual([]);
    } finally {
      await rendered.release();
    }
  });

  it('renders pages at once up to its capacity, each with its own content', async () => {
    const ids = catalogPageIds(1);
    const names = await Promise.all(ids.map((id) => pool.withPage(`${demo.url}/catalog/item/${id}.html`, (page) => parseHtml(page.html, page.url).$('h1#name').text())));
    expect(names).toEqual(ids.map((id) => catalogItem(id)!.name));
    expect(pool.stats()).toMatchObject({ inUse: 0, browsers: 1 });
  });

  it('finds the links a script built, and is ready as soon as waitFor matches', async () => {
    await pool.withPage(
      `${demo.url}/catalog/`,
      (page) => {
        const doc = parseHtml(page.html, page.url);
        expect(doc.$('a.item').length).toBe(catalogPageIds(1).length);
        expect(doc.$('a.next').attr('href')).toBe('/catalog/?page=2');
        expect(page.ready).toBe('selector');
      },
      { waitFor: 'a.next' },
    );
  });

  it('hands over the live page for clicks until release()', async () => {
    const item = catalogItem(3)!;
    await pool.withPage(`${demo.url}/catalog/item/3.html`, async ({ page }) => {
      await page.click('#reviews');
      await page.waitForSelector('#review-list[data-loaded]');
      expect(await page.locator('li.review').allTextContents()).toEqual(item.reviews);
    });
  });

  it('takes the DOM of a page that never goes quiet at the cap, and says why', async () => {
    await pool.withPage(`${site.url}/ticking.html`, (page) => {
      expect([page.ready, page.notes]).toEqual(['timeout', ['the page kept changing for 1500 ms; the DOM is taken as it was']]);
      expect(Number(parseHtml(page.html, page.url).$('#n').text())).toBeGreaterThan(0);
    });
    await pool.withPage(`${site.url}/hanging.html`, (page) => {
      expect([page.ready, page.notes]).toEqual(['timeout', ['still waiting for 1 request(s) after 1500 ms; the DOM is taken as it was']]);
    });
  });

  it('follows a page that replaces itself by script, and says where it went', async () => {
    await pool.withPage(`${site.url}/redirect.html`, (page) => {
      expect(page.url).toBe(`${site.url}/arrived.html`);
      expect(parseHtml(page.html, page.url).$('#arrived').text()).toBe('here');
      expect(page.notes).toEqual([expect.stringMatching(new RegExp(`^the page navigated away to ${site.url}/arrived\\.html`))]);
    });
  });

  it('closes the pop-ups a page opens and notes them', async () => {
    await pool.withPage(`${site.url}/popups.html`, (page) => {
      expect(page.notes.some((note) => note.startsWith('closed a pop-up window'))).toBe(true);
    });
    expect(pool.stats().inUse).toBe(0);
  });

  it('never requests blocked images; a pool that blocks nothing does', async () => {
    await pool.withPage(`${site.url}/plain.html`, () => undefined);
    expect(site.hits.get('/pixel.png') ?? 0).toBe(0);
    const open = new RenderPool({ pagesPerBrowser: 1, block: [] });
    try {
      await open.withPage(`${site.url}/plain.html`, () => undefined);
    } finally {
      await open.close();
    }
    expect(site.hits.get('/pixel.png')).toBe(1);
  });
});

describeWithBrowser('RenderPool: browser life cycle', () => {
  let demo: DemoServer;
  beforeAll(async () => {
    demo = await startDemoServer({ port: 0 });
  });
  afterAll(() => demo.close());

  it('replaces a browser after restartAfterPages pages, and every page still renders', async () => {
    const events = new TypedEmitter<RenderEvent>();
    const seen: RenderEvent[] = [];
    events.on((event) => seen.push(event));
    const pool = new RenderPool({ pagesPerBrowser: 2, restartAfterPages: 3, events });
    try {
      const names: string[] = [];
      for (let id = 1; id <= 7; id++) names.push(await pool.withPage(`${demo.url}/catalog/item/${id}.html`, (page) => parseHtml(page.html, page.url).$('h1#name').text()));
      expect(names).toEqual([1, 2, 3, 4, 5, 6, 7].map((id) => catalogItem(id)!.name));
      expect(seen.filter((event) => event.type === 'restart').map((event) => event.type === 'restart' && event.reason)).toEqual(['pages', 'pages']);
      expect(seen.filter((event) => event.type === 'launch')).toHaveLength(3);
      expect(pool.stats()).toMatchObject({ rendered: 7, restarts: 2, browsers: 1 });
    } finally {
      await pool.close();
    }
  });

  it('replaces a browser whose processes pass maxBrowserMemoryMb, and goes on rendering', async () => {
    const events = new TypedEmitter<RenderEvent>();
    const restarts: RenderEvent[] = [];
    events.on((event) => event.type === 'restart' && restarts.push(event));
    // 64 MiB: any Chromium is over it, so the first memory check (about a second in) replaces the browser.
    const pool = new RenderPool({ pagesPerBrowser: 1, maxBrowserMemoryMb: 64, events });
    try {
      let id = 0;
      const started = Date.now();
      while (restarts.length === 0 && Date.now() - started < 30_000) {
        id = (id % 36) + 1;
        expect(await pool.withPage(`${demo.url}/catalog/item/${id}.html`, (page) => parseHtml(page.html, page.url).$('h1#name').text())).toBe(catalogItem(id)!.name);
      }
      expect(restarts[0]).toMatchObject({ type: 'restart', reason: 'memory' });
      expect((restarts[0] as { memoryBytes: number }).memoryBytes).toBeGreaterThan(64 * 1024 * 1024);
      expect(await pool.withPage(`${demo.url}/catalog/item/1.html`, (page) => parseHtml(page.html, page.url).$('h1#name').text())).toBe(catalogItem(1)!.name);
    } finally {
      await pool.close();
    }
  });

  it('leaves no browser process behind after close()', async () => {
    const pool = new RenderPool({ pagesPerBrowser: 2 });
    await Promise.all([1, 2].map((id) => pool.withPage(`${demo.url}/catalog/item/${id}.html`, () => undefined)));
    expect(browserProcesses().length).toBeGreaterThan(0);
    await pool.close();
    expect(browserProcesses()).toEqual([]);
    await expect(pool.render(`${demo.url}/`)).rejects.toThrow('the render pool was closed');
  });
});

describe('RenderPool options', () => {
  it('refuses an unknown option and a bad value, naming them', () => {
    expect(() => new RenderPool({ pages: 3 } as never)).toThrow(new OptionError('pages', 3, 'is not an option of RenderPool'));
    expect(() => new RenderPool({ block: ['video'] as never })).toThrow(OptionError);
    expect(() => new RenderPool({ browsers: 0 })).toThrow(/option browsers: /);
  });
});
