// Standard input and output: `-i -` reads start URLs (crawl) and download lists (get) from stdin,
// naming bad lines `<stdin>:N`; `crawl -o -` writes items to stdout as JSON lines, CSV or a JSON
// array (--format), and --format overrides a file's extension.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../helpers/csv.js';
import { byUrl, errorLines, html, jsonLines, paths, site, trawl, workDir } from '../cli/helpers.js';
import { trawlWithInput } from './helpers.js';

async function products() {
  return site({
    '/p/1': html('<h1>One, "first"</h1>'),
    '/p/2': html('<h1>Two</h1>'),
    '/p/3': html('<h1>Three</h1>'),
  });
}

describe('trawl crawl -i -', () => {
  it('reads start URLs from standard input, one a line, with comments and blank lines', async () => {
    const shop = await products();
    const input = `# products\n${shop.url}/p/1\n\n  ${shop.url}/p/2  \r\n${shop.url}/p/3`;
    const result = await trawlWithInput(workDir(), ['crawl', '-i', '-', '--depth', '0', '--extract', 'name=h1', '--quiet'], input);
    expect(result.code, result.stderr).toBe(0);
    expect(paths(shop).sort()).toEqual(['/p/1', '/p/2', '/p/3']);
    expect(byUrl(jsonLines(result.stdout)).map((item) => item.name)).toEqual(['One, "first"', 'Two', 'Three']);
  });

  it('names a bad line of standard input as <stdin>:N and exits 2 before fetching', async () => {
    const shop = await products();
    const result = await trawlWithInput(workDir(), ['crawl', '-i', '-', '--quiet'], `${shop.url}/p/1\n\nftp://nope/\n`);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual([expect.stringContaining('<stdin>:3')]);
    expect(shop.log).toHaveLength(0);
  });
});

describe('trawl get -i -', () => {
  it('downloads the URLs read from standard input and reports a bad line as <stdin>:N', async () => {
    const files = await site({
      '/a.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('alpha'),
      '/b.txt': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('beta'),
    });
    const dir = workDir();
    const result = await trawlWithInput(dir, ['get', '-i', '-', '-d', '.', '--quiet'], `${files.url}/a.txt\nnot a url\n${files.url}/b.txt\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('<stdin>:2');
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'b.txt']);
    expect(readFileSync(join(dir, 'b.txt'), 'utf8')).toBe('beta');
  });
});

describe('trawl crawl -o -', () => {
  const args = (url: string) => ['crawl', `${url}/p/1`, `${url}/p/2`, '--depth', '0', '--extract', 'name=h1', '-c', '1', '--quiet'];

  it('writes JSON lines to standard output by default', async () => {
    const shop = await products();
    const result = await trawl(workDir(), [...args(shop.url), '-o', '-']);
    expect(result.code, result.stderr).toBe(0);
    expect(byUrl(jsonLines(result.stdout))).toEqual([
      { url: `${shop.url}/p/1`, name: 'One, "first"' },
      { url: `${shop.url}/p/2`, name: 'Two' },
    ]);
  });

  it('writes RFC 4180 CSV to standard output with --format csv: header, CRLF, quoted fields', async () => {
    const shop = await products();
    const result = await trawl(workDir(), [...args(shop.url), '-o', '-', '--format', 'csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.startsWith('url,name\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(result.stdout);
    expect(header).toEqual(['url', 'name']);
    expect(rows.sort()).toEqual([
      [`${shop.url}/p/1`, 'One, "first"'],
      [`${shop.url}/p/2`, 'Two'],
    ]);
  });

  it('writes one JSON array to standard output with --format json', async () => {
    const shop = await products();
    const result = await trawl(workDir(), [...args(shop.url), '-o', '-', '--format', 'JSON']);
    expect(result.code, result.stderr).toBe(0);
    expect(byUrl(JSON.parse(result.stdout) as Record<string, unknown>[])).toEqual([
      { url: `${shop.url}/p/1`, name: 'One, "first"' },
      { url: `${shop.url}/p/2`, name: 'Two' },
    ]);
  });

  it('lets --format override the extension of an output file', async () => {
    const shop = await products();
    const dir = workDir();
    const result = await trawl(dir, [...args(shop.url), '-o', 'items.txt', '--format', 'csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(parseCsv(readFileSync(join(dir, 'items.txt'), 'utf8'))[0]).toEqual(['url', 'name']);
  });

  it('refuses an unknown --format, naming it, with exit 2', async () => {
    const result = await trawl(workDir(), ['crawl', 'http://127.0.0.1:9/', '-o', '-', '--format', 'xml']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual([expect.stringContaining('option --format: expected jsonl, csv or json (received "xml")')]);
  });
});
