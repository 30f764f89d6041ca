// `trawl run <spider.ts>` through the real CLI: a TypeScript spider importing from 'trawl' runs
// with no build step, routes by label, passes userData, pushes items to -o, reads JSON, uses
// cheerio and XPath on one page, downloads and writes files into -d; --demo serves the demo site.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, startCli } from '../../helpers/cli.js';
import { byUrl, html, jsonLines, paths, readJsonl, site, SPIDERS, trawl, workDir } from './helpers.js';

const IMAGE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);

async function catalogSite() {
  const server = await site({
    '/': html('<a class="category" href="/c/tools">Tools</a> <a class="category" href="/c/toys">Toys</a>'),
    '/c/tools': html('<h1 data-code="T-1">Tools</h1><ul><li class="product" data-id="1">a</li><li class="product" data-id="2">b</li></ul>'),
    '/c/toys': html('<h1 data-code="Y-2">Toys</h1><ul><li class="product" data-id="3">c</li></ul>'),
    '/img/3.png': (_req, res) => {
      // A hostile name: it must be sanitised and stay inside -d.
      res.writeHead(200, { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="../../escape?.png"' }).end(IMAGE);
    },
  });
  for (const id of [1, 2, 3]) {
    server.routes[`/api/products/${id}`] = (_req, res) => {
      const body = { id, name: `product ${id}`, price: id * 1.5, image: `/img/${id}.png` };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (id !== 3) server.routes[`/img/${id}.png`] = (_req, res) => void res.writeHead(200, { 'content-type': 'image/png' }).end(IMAGE);
  }
  return server;
}

describe('trawl run with a TypeScript spider', () => {
  it('runs the spider as is: labels route, userData travels, items reach -o, files land in -d', async () => {
    const server = await catalogSite();
    const dir = workDir();
    const spider = join(SPIDERS, 'catalog.ts');
    const result = await trawl(dir, ['run', spider, '--base', server.url, '-o', 'items.jsonl', '-d', 'files', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/finished in .*: 6 pages, 5 items, 0 failed/);

    const items = readJsonl(join(dir, 'items.jsonl'));
    const categories = byUrl(items.filter((item) => item.kind === 'category'));
    expect(categories).toEqual([
      { kind: 'category', url: `${server.url}/c/tools`, title: 'Tools', code: 'T-1', position: 1, products: 2 },
      { kind: 'category', url: `${server.url}/c/toys`, title: 'Toys', code: 'Y-2', position: 2, products: 1 },
    ]);
    const products = byUrl(items.filter((item) => item.kind === 'product'));
    expect(products.map((item) => [item.url, item.name, item.price, item.category, item.bytes])).toEqual([
      [`${server.url}/api/products/1`, 'product 1', 1.5, 'Tools', IMAGE.length],
      [`${server.url}/api/products/2`, 'product 2', 3, 'Tools', IMAGE.length],
      [`${server.url}/api/products/3`, 'product 3', 4.5, 'Toys', IMAGE.length],
    ]);

    // Downloads: complete, no .part left, every file inside -d, the hostile name made safe.
    const filesDir = join(dir, 'files');
    for (const product of products) {
      const file = product.file as string;
      expect(dirname(file)).toBe(filesDir);
      expect(readFileSync(file)).toEqual(IMAGE);
    }
    const names = readdirSync(filesDir).sort();
    expect(names.filter((name) => name.endsWith('.part') || name.endsWith('.tmp'))).toEqual([]);
    expect(basename(products[2]!.file as string)).toMatch(/^escape.*\.png$/);
    expect(names).toEqual(expect.arrayContaining(['1.png', '2.png', 'category 1.txt', 'category 2.txt']));
    expect(readFileSync(join(filesDir, 'category 1.txt'), 'utf8')).toBe('Tools\n');
    expect(readdirSync(dir).sort()).toEqual(['.trawl', 'files', 'items.jsonl']);
    expect(paths(server)).toHaveLength(9);
  });

  it('gives the spider the demo site as its base with --demo', async () => {
    const dir = workDir();
    const result = await trawl(dir, ['run', join(SPIDERS, 'base-echo.ts'), '--demo', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const [item, ...rest] = jsonLines(result.stdout);
    expect(rest).toEqual([]);
    expect(item!.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(item!.url).toBe(`${item!.base as string}/`);
    expect(item!.status).toBe(200);
    expect(item!.title).not.toBe('');
  });

  it('resolves relative start URLs against --base', async () => {
    const server = await site({ '/': html('<title>home</title>') });
    const result = await trawl(workDir(), ['run', join(SPIDERS, 'base-echo.ts'), '--base', `${server.url}/`, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([{ base: server.url, url: `${server.url}/`, status: 200, title: 'home' }]);
  });

  it('loads a TypeScript spider that lives outside any ES module package', async () => {
    const server = await site({ '/': html('<h1>plain</h1>') });
    const dir = workDir();
    writeFileSync(
      join(dir, 'loose.ts'),
      'interface Row { h: string }\n' +
        'export default {\n  startUrls: ["/"],\n' +
        '  handler(ctx: { $: (s: string) => { text(): string }; push(row: Row): void }): void {\n' +
        '    ctx.push({ h: ctx.$("h1").text() });\n  },\n};\n',
    );
    const result = await trawl(dir, ['run', 'loose.ts', '--base', server.url, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([{ h: 'plain' }]);
  });

  it('streams ctx.download() into <name>.part and renames it to the sanitised name only when complete', async () => {
    const half = Buffer.alloc(64 * 1024, 7);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await site({
      '/': html('start'),
      '/slow.bin': async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(half.length * 2) });
        res.write(half);
        await released;
        res.end(half);
      },
    });
    const dir = workDir();
    const child = startCli(['run', join(SPIDERS, 'slow-download.ts'), '--base', server.url, '-d', 'files', '--quiet'], { cwd: dir });
    const done = collect(child);
    const filesDir = join(dir, 'files');
    const listing = (): string[] => {
      try {
        return readdirSync(filesDir);
      } catch {
        return [];
      }
    };
    while (!listing().some((name) => name.endsWith('.part')) && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const during = listing();
    release();
    const result = await done;
    expect(result.code, result.stderr).toBe(0);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/\.part$/);
    const [item] = jsonLines(result.stdout);
    const finalName = basename(item!.path as string);
    expect(during[0]).toBe(`${finalName}.part`);
    expect(dirname(item!.path as string)).toBe(filesDir);
    expect(finalName).not.toMatch(/[\\/:?]/);
    expect(listing()).toEqual([finalName]);
    expect(item!.bytes).toBe(half.length * 2);
    expect(readFileSync(item!.path as string)).toEqual(Buffer.concat([half, half]));
  });
});
