// --render in a real headless Chromium against the demo's script-built catalog: the same
// --extract on the rendered DOM, ctx.page for clicks in a spider, only the routes a spider asks
// to render, and exactly once after a SIGKILL like any other crawl.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { catalogItems, catalogItemPath, catalogListPath, CATALOG_PAGES } from '../../../src/demo/data/catalog.js';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { readJsonl } from '../../helpers/items.js';
import { describeWithBrowser, tempDir } from './helpers.js';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer({ port: 0, latencyMs: 10 });
});
afterAll(async () => {
  await demo.close();
});

function expectCatalog(items: Record<string, unknown>[]): void {
  const truth = new Map(catalogItems().map((item) => [`${demo.url}${catalogItemPath(item.id)}`, item]));
  const urls = items.map((item) => item.url as string);
  expect(new Set(urls).size, 'an item appears twice').toBe(urls.length);
  expect(urls.length).toBe(truth.size);
  for (const item of items) {
    const expected = truth.get(item.url as string);
    expect(expected, `unexpected ${String(item.url)}`).toBeDefined();
    expect(item.name).toBe(expected!.name);
    expect(item.price).toBe(expected!.price);
  }
}

const crawlArgs = (output: string): string[] => [
  'crawl', `${demo.url}/catalog/`, '--render', '--follow', 'a.item, a.next', '--match', '/catalog/item/',
  '--extract', 'name=h1#name', '--extract', 'price=span.price', '-c', '4', '--quiet', '-o', output,
];

describeWithBrowser('crawl --render', () => {
  it('extracts what the pages\' scripts build, which a plain crawl cannot see', async () => {
    const dir = tempDir();
    const plain = await runCli(['crawl', `${demo.url}/catalog/`, '--follow', 'a.item, a.next', '--match', '/catalog/item/', '--extract', 'name=h1#name', '--quiet', '-o', 'plain.jsonl'], { cwd: dir });
    expect(plain.code, plain.stderr).toBe(0);
    expect(readJsonl(join(dir, 'plain.jsonl'))).toEqual([]);
    const rendered = await runCli(crawlArgs('items.jsonl'), { cwd: dir, timeoutMs: 120_000 });
    expect(rendered.code, rendered.stderr).toBe(0);
    expectCatalog(readJsonl(join(dir, 'items.jsonl')));
  });

  it('resumes exactly once after a SIGKILL, like any other crawl', async () => {
    const dir = tempDir();
    const output = join(dir, 'items.jsonl');
    const args = [...crawlArgs('items.jsonl'), '--job', 'rendered'];
    const child = startCli(args, { cwd: dir });
    const done = collect(child, 120_000);
    const started = Date.now();
    while (readJsonl(output).length < 5 && child.exitCode === null && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(readJsonl(output).length).toBeLessThan(catalogItems().length);
    const again = await runCli(args, { cwd: dir, timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expectCatalog(readJsonl(output));
  });

  it('gives a spider ctx.page to click, and renders only the routes it names', async () => {
    const dir = tempDir();
    const result = await runCli(['run', join(process.cwd(), 'examples', 'catalog-render.ts'), '--base', demo.url, '-o', 'catalog.jsonl', '--quiet'], {
      cwd: dir,
      timeoutMs: 180_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const items = readJsonl(join(dir, 'catalog.jsonl'));
    expectCatalog(items);
    const truth = new Map(catalogItems().map((item) => [`${demo.url}${catalogItemPath(item.id)}`, item.reviews]));
    for (const item of items) expect(item.reviews).toEqual(truth.get(item.url as string));
  });

  it('renders only the routes a spider names in settings.render; the others are plain fetches', async () => {
    const dir = tempDir();
    const spider = join(dir, 'mixed.mjs');
    const lists = Array.from({ length: CATALOG_PAGES }, (_, i) => `${demo.url}${catalogListPath(i + 1)}`);
    // List pages are rendered (their links are script-built); each item's JSON is fetched plainly.
    writeFileSync(
      spider,
      `export default {
        startUrls: ${JSON.stringify(lists.map((url) => ({ url, label: 'list' })))},
        settings: { render: ['list'], concurrency: 4 },
        routes: {
          list(ctx) {
            if (!ctx.page) throw new Error('list page not rendered');
            for (const href of ctx.getAll('a.item::attr(href)')) {
              const id = /(\\d+)\\.html$/.exec(href)[1];
              ctx.enqueue({ url: '/catalog/api/item/' + id + '.json', label: 'api' });
            }
          },
          api(ctx) {
            ctx.push({ url: ctx.response.url, rendered: ctx.page !== undefined, name: ctx.json().name });
          },
        },
      };\n`,
    );
    const result = await runCli(['run', spider, '-o', 'mixed.jsonl', '--quiet'], { cwd: dir, timeoutMs: 120_000 });
    expect(result.code, result.stderr).toBe(0);
    const items = readJsonl(join(dir, 'mixed.jsonl'));
    expect(items).toHaveLength(catalogItems().length);
    for (const item of items) expect(item.rendered).toBe(false);
    expect(new Set(items.map((item) => item.name))).toEqual(new Set(catalogItems().map((item) => item.name)));
  });
});
