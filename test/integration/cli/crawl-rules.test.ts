// `trawl crawl` declarative rules through the real CLI: which links are followed (default,
// --follow CSS / XPath, same origin only), which pages give items (--match), and what
// --extract takes from a page (CSS, ::text, ::attr, XPath from / ./ and "(", no tbody).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv.js';
import { byUrl, html, jsonLines, paths, site, trawl, workDir } from './helpers.js';

/** A list page linking to two products, a next page, a mailto link and another origin. */
async function catalogue() {
  const other = await site({ '/': html('other origin'), '/x': html('other origin x') });
  const shop = await site();
  Object.assign(shop.routes, {
    '/': html(
      `<a href="/p/1">one</a> <a href="p/2">two</a> <a class="next" href="/list/2">next</a>` +
        `<a href="${other.url}/x">elsewhere</a> <a href="mailto:a@b.c">mail</a>`,
    ),
    '/list/2': html('<a href="/p/3">three</a>'),
    '/p/1': html('<h1>One</h1>'),
    '/p/2': html('<h1>Two</h1>'),
    '/p/3': html('<h1>Three</h1>'),
  });
  return { shop, other };
}

describe('trawl crawl: which links are followed', () => {
  it('follows every same-origin a[href] by default and never another origin', async () => {
    const { shop, other } = await catalogue();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop).sort()).toEqual(['/', '/list/2', '/p/1', '/p/2', '/p/3']);
    expect(other.log).toHaveLength(0);
  });

  it('follows only the links a CSS --follow selects', async () => {
    const { shop } = await catalogue();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--follow', 'a.next', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop)).toEqual(['/', '/list/2']);
  });

  it('follows only the links an XPath --follow selects (attribute or element)', async () => {
    const { shop } = await catalogue();
    const byAttribute = await trawl(workDir(), ['crawl', `${shop.url}/`, '--follow', '//a[@class="next"]/@href', '--quiet']);
    expect(byAttribute.code, byAttribute.stderr).toBe(0);
    expect(paths(shop)).toEqual(['/', '/list/2']);
    shop.log.length = 0;
    const byElement = await trawl(workDir(), ['crawl', `${shop.url}/`, '--follow', '//a[starts-with(@href, "/p/")]', '--quiet']);
    expect(byElement.code, byElement.stderr).toBe(0);
    expect(paths(shop).sort()).toEqual(['/', '/p/1']);
  });

  it('resolves links against <base href>', async () => {
    const shop = await site({
      '/': html('<a href="page">page</a>', '<base href="/based/">'),
      '/based/page': html('<h1>based</h1>'),
    });
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop)).toEqual(['/', '/based/page']);
  });

  it('resolves links against the final URL after a redirect, and items carry that URL', async () => {
    const shop = await site({
      '/': html('<a href="/old/index">old</a>'),
      '/old/index': (_req, res) => void res.writeHead(301, { location: '/new/dir/index' }).end(),
      '/new/dir/index': html('<h1>moved</h1><a href="child">child</a>'),
      '/new/dir/child': html('<h1>child</h1>'),
    });
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--extract', 'h=h1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop)).toContain('/new/dir/child');
    expect(paths(shop)).not.toContain('/old/child');
    const items = byUrl(jsonLines(result.stdout));
    expect(items).toEqual(
      byUrl([
        { url: `${shop.url}/`, h: null },
        { url: `${shop.url}/new/dir/index`, h: 'moved' },
        { url: `${shop.url}/new/dir/child`, h: 'child' },
      ]),
    );
  });
});

describe('trawl crawl: which pages produce items', () => {
  it('gives items only for pages whose final URL matches --match, still following every page', async () => {
    const { shop } = await catalogue();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, '--match', '/p/\\d+$', '--extract', 'name=h1', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(byUrl(jsonLines(result.stdout))).toEqual([
      { url: `${shop.url}/p/1`, name: 'One' },
      { url: `${shop.url}/p/2`, name: 'Two' },
      { url: `${shop.url}/p/3`, name: 'Three' },
    ]);
  });
});

const PRODUCT = html(
  `<h1 class="t">  Widget <small>new</small> </h1>
   <div class="price">Price: <b>12</b> EUR</div>
   <img class="img" src="/img/1.png" alt="picture">
   <table id="specs">
     <tr><th>key</th><th>value</th></tr>
     <tr><td>weight</td><td>3 kg</td></tr>
   </table>`,
  '<title>Product page</title>',
);

const FIELDS = [
  ['whole', 'h1.t'],
  ['own', 'h1.t::text'],
  ['img', 'img.img::attr(src)'],
  ['abs', '/html/head/title'],
  ['rel', './body/div[@class="price"]/b/text()'],
  ['paren', '(//td)[2]'],
  ['cell', '/html/body/table/tr[2]/td[1]/text()'],
  ['csscell', '#specs > tr > td'],
  ['missing', 'span.nothing'],
  ['missingx', '//span[@id="nothing"]'],
] as const;

const EXPECTED = {
  whole: 'Widget new',
  own: 'Widget',
  img: '/img/1.png',
  abs: 'Product page',
  rel: '12',
  paren: '3 kg',
  cell: 'weight',
  csscell: 'weight',
  missing: null,
  missingx: null,
};

describe('trawl crawl --extract', () => {
  const extractArgs = FIELDS.flatMap(([name, selector]) => ['--extract', `${name}=${selector}`]);

  it('takes CSS, ::text, ::attr(), and XPath from /, ./ and "(" off the tree as written (no tbody)', async () => {
    const shop = await site({ '/': PRODUCT });
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, ...extractArgs, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([{ url: `${shop.url}/`, ...EXPECTED }]);
  });

  it('writes a field with no match as null in JSON and as an empty cell in CSV', async () => {
    const shop = await site({ '/': PRODUCT });
    const dir = workDir();
    const json = await trawl(dir, ['crawl', `${shop.url}/`, ...extractArgs, '-o', 'items.json', '--quiet']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8'))).toEqual([{ url: `${shop.url}/`, ...EXPECTED }]);

    const csv = await trawl(dir, ['crawl', `${shop.url}/`, ...extractArgs, '-o', 'items.csv', '--quiet']);
    expect(csv.code, csv.stderr).toBe(0);
    const [header, row, ...rest] = parseCsv(readFileSync(join(dir, 'items.csv'), 'utf8'));
    expect(rest).toEqual([]);
    expect(header).toEqual(['url', ...FIELDS.map(([name]) => name)]);
    const record = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
    expect(record).toEqual({ url: `${shop.url}/`, ...EXPECTED, missing: '', missingx: '' });
  });
});
