// `trawl crawl` outputs through the real CLI: JSON lines on stdout by default, -o .jsonl / .csv
// (RFC 4180, CRLF, --bom) / .json, and the summary on stderr.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv.js';
import { byUrl, html, jsonLines, readJsonl, site, trawl, workDir } from './helpers.js';

const NASTY = 'Say "hi", then\nleave';

async function products() {
  return site({
    '/': html('<a href="/p/1">1</a><a href="/p/2">2</a><a href="/p/3">3</a>'),
    '/p/1': html('<h1>plain</h1><span class="price">1.00</span>'),
    '/p/2': html(`<h1>${NASTY.replace(/"/g, '&quot;')}</h1><span class="price">€2,50</span>`),
    '/p/3': html('<h1>商品 三</h1>'),
  });
}

function expected(url: string): Record<string, unknown>[] {
  return [
    { url: `${url}/p/1`, name: 'plain', price: '1.00' },
    { url: `${url}/p/2`, name: NASTY, price: '€2,50' },
    { url: `${url}/p/3`, name: '商品 三', price: null },
  ];
}

const RULES = ['--match', '/p/', '--extract', 'name=h1', '--extract', 'price=.price'];

describe('trawl crawl outputs', () => {
  it('prints items as JSON lines on stdout when no -o is given, and the summary on stderr', async () => {
    const shop = await products();
    const result = await trawl(workDir(), ['crawl', `${shop.url}/`, ...RULES]);
    expect(result.code, result.stderr).toBe(0);
    expect(byUrl(jsonLines(result.stdout))).toEqual(expected(shop.url));
    expect(result.stderr).toMatch(/^trawl: finished in [\d.]+m?s: 4 pages, 3 items, 0 failed/m);
  });

  it('writes -o items.jsonl, one JSON object a line', async () => {
    const shop = await products();
    const dir = workDir();
    const result = await trawl(dir, ['crawl', `${shop.url}/`, ...RULES, '-o', 'items.jsonl', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(byUrl(readJsonl(join(dir, 'items.jsonl')))).toEqual(expected(shop.url));
  });

  it('writes -o items.json as one valid JSON array', async () => {
    const shop = await products();
    const dir = workDir();
    const result = await trawl(dir, ['crawl', `${shop.url}/`, ...RULES, '-o', 'items.json', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const items = JSON.parse(readFileSync(join(dir, 'items.json'), 'utf8')) as Record<string, unknown>[];
    expect(byUrl(items)).toEqual(expected(shop.url));
  });

  it('writes -o items.csv per RFC 4180: header, CRLF line ends, quoted commas, quotes and newlines', async () => {
    const shop = await products();
    const dir = workDir();
    const result = await trawl(dir, ['crawl', `${shop.url}/`, ...RULES, '-o', 'items.csv', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(join(dir, 'items.csv'));
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith('url,name,price\r\n')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toContain('"Say ""hi"", then\nleave","€2,50"\r\n');
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(['url', 'name', 'price']);
    const items = rows.map((row) => ({ url: row[0], name: row[1], price: row[2] === '' ? null : row[2] }));
    expect(byUrl(items)).toEqual(expected(shop.url));
  });

  it('starts a CSV with the UTF-8 BOM (EF BB BF) with --bom', async () => {
    const shop = await products();
    const dir = workDir();
    const result = await trawl(dir, ['crawl', `${shop.url}/`, ...RULES, '-o', 'items.csv', '--bom', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const bytes = readFileSync(join(dir, 'items.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 18).toString('utf8')).toBe('url,name,price\r');
    expect(parseCsv(bytes.toString('utf8'))).toHaveLength(4);
  });

  it('gives the same items when a big crawl parses pages in worker threads (--parse-threads)', async () => {
    // Large pages make inline parsing costly enough that the parse pool starts its workers.
    const filler = `<p>${'lorem ipsum dolor sit amet '.repeat(40)}</p>`.repeat(60);
    const count = 150;
    const routes: Record<string, string> = {
      '/': html(Array.from({ length: count }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('')),
    };
    for (let i = 0; i < count; i++) routes[`/p/${i}`] = html(`${filler}<h1>item ${i}</h1><span class="price">${i}.99</span>${filler}`);
    const shop = await site(routes);
    const dir = workDir();
    const spy = fileURLToPath(new URL('worker-spy.cjs', import.meta.url));
    const result = await trawl(dir, ['crawl', `${shop.url}/`, ...RULES, '-o', 'items.jsonl', '-c', '8', '--quiet', '--parse-threads', '1'], {
      NODE_OPTIONS: `--require ${spy}`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/worker-spy: started .*parse-worker\.cjs/);
    // With --parse-threads 0, the same crawl parses on the main thread only.
    const plain = await trawl(workDir(), ['crawl', `${shop.url}/`, ...RULES, '-o', 'items.jsonl', '-c', '8', '--quiet', '--parse-threads', '0'], {
      NODE_OPTIONS: `--require ${spy}`,
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/worker-spy: started/);
    const items = readJsonl(join(dir, 'items.jsonl'));
    expect(items).toHaveLength(count);
    expect(byUrl(items)).toEqual(
      byUrl(Array.from({ length: count }, (_, i) => ({ url: `${shop.url}/p/${i}`, name: `item ${i}`, price: `${i}.99` }))),
    );
  });
});
