// The lessons' headline job from the command line: the demo site's 200-page price table, one
// item per row (--item), fields relative to the row, checked row by row against the demo's truth
// — with the lesson's lxml XPath (the DOM path) and with a CSS item (the SAX path).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRICE_HEADER, PRICE_PAGES, priceCells, priceRows, startDemoServer, type DemoServer } from '../../../src/demo/index.js';
import { parseCsv } from '../../helpers/csv.js';
import { errorLines, jsonLines, trawl, workDir } from '../cli/helpers.js';

const TABLE = '/html/body/div[2]/div[4]/div[1]/table';
const COLUMNS = ['product', 'low', 'average', 'high', 'unit', 'date'] as const;

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
});

function pageOf(url: string): number {
  const match = /\/list\/(\d+)\.shtml$/.exec(url);
  if (!match) throw new Error(`not a price page: ${url}`);
  return Number(match[1]);
}

/** Items grouped by page number, each page's rows in the order they were written. */
function byPage(items: readonly Record<string, unknown>[]): Map<number, Record<string, unknown>[]> {
  const pages = new Map<number, Record<string, unknown>[]>();
  for (const item of items) {
    const page = pageOf(String(item.url));
    pages.set(page, [...(pages.get(page) ?? []), item]);
  }
  return pages;
}

describe('trawl crawl --item on the demo price table', () => {
  it('writes every row of the 200 pages, as the demo has them, with the lesson\'s XPath from the command line', async () => {
    const dir = workDir();
    const result = await trawl(dir, [
      'crawl', `${demo.url}/marketanalysis/0/list/1.shtml`,
      '--follow', '//div[@class="page"]/a/@href',
      '--item', `${TABLE}/tr[position()>1]`,
      ...COLUMNS.flatMap((name, i) => ['--extract', `${name}=./td[${i + 1}]/text()`]),
      '-o', 'prices.csv', '-c', '8', '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(join(dir, 'prices.csv'), 'utf8'));
    expect(header).toEqual(['url', ...COLUMNS]);
    expect(rows).toHaveLength(PRICE_PAGES * 20);
    const pages = byPage(rows.map((row) => ({ url: row[0] })));
    expect(pages.size).toBe(PRICE_PAGES);
    // Rows of one page were written together and in table order.
    const seen = new Map<number, number>();
    for (const row of rows) {
      const page = pageOf(row[0] as string);
      const index = seen.get(page) ?? 0;
      seen.set(page, index + 1);
      expect(row.slice(1), `page ${page} row ${index + 1}`).toEqual(priceCells(priceRows(page)[index]!));
    }
    expect([...seen.values()].every((count) => count === 20)).toBe(true);
  });

  it('gives the same rows with a CSS item and CSS fields, read in one SAX pass', async () => {
    const result = await trawl(workDir(), [
      'crawl', `${demo.url}/marketanalysis/0/list/1.shtml`,
      '--follow', 'div.page a',
      '--item', 'table.hq_table tr',
      '--extract', 'product=td', '--extract', 'unit=td::text::re(^[斤公箱个把,]+$)', '--extract', 'date=::re(\\d{4}-\\d{2}-\\d{2})',
      '-c', '8', '--quiet',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const pages = byPage(jsonLines(result.stdout));
    expect(pages.size).toBe(PRICE_PAGES);
    for (const [page, items] of pages) {
      // The CSS item has no position test: the header row is an item too.
      expect(items[0]).toEqual({ url: items[0]!.url, product: PRICE_HEADER[0], unit: null, date: null });
      expect(items.slice(1), `page ${page}`).toEqual(
        priceRows(page).map((row) => ({ url: items[0]!.url, product: row.product, unit: row.unit, date: row.date })),
      );
    }
  });

  it('warns once when --item matches nothing on pages that --match selects, and still crawls', async () => {
    const result = await trawl(workDir(), [
      'crawl', `${demo.url}/marketanalysis/0/list/1.shtml`,
      '--follow', 'div.page a', '--match', '/list/\\d+\\.shtml$', '--max-pages', '30',
      '--item', '//table[@id="none"]/tr', '--extract', 'product=./td[1]',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    const warnings = errorLines(result.stderr).filter((line) => line.includes('matched nothing'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('--item "//table[@id=\\"none\\"]/tr"');
    expect(warnings[0]).toContain(`${demo.url}/marketanalysis/0/list/`);
    expect(warnings[0]).toContain('--match');
    expect(result.stderr).toContain('30 pages');
  });

  it('refuses an --item that selects text or attributes, naming it, before fetching anything', async () => {
    const before = demo.stats().requests;
    const result = await trawl(workDir(), ['crawl', `${demo.url}/`, '--item', 'tr::text', '--extract', 'a=td']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual([expect.stringContaining('"tr::text" (--item): an item selector must select elements')]);
    expect(demo.stats().requests).toBe(before);
  });
});
