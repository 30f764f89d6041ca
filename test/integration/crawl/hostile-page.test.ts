// No page stalls the crawl: a page of 200,000 nested elements parses in linear time (off the
// fetching thread) and still gives its item; a page over the parse time budget fails with a
// clear reason while the rest of the crawl goes on.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startServer, type TestServer } from '../../helpers/server.js';

const nested = (levels: number): string =>
  `<html><body><h1>Deep</h1>${'<div>'.repeat(levels)}x${'</div>'.repeat(levels)}<span class="price">1</span></body></html>`;
const HOSTILE = nested(200_000);
const HUGE = nested(1_500_000);

let site: TestServer;
let dir: string;
beforeAll(async () => {
  site = await startServer((req, res) => {
    const path = req.url ?? '/';
    let body: string;
    if (path === '/') body = `${Array.from({ length: 20 }, (_, i) => `<a href="/item/${i}">${i}</a>`).join('')}<a href="/hostile">h</a>`;
    else if (path === '/hostile') body = HOSTILE;
    else if (path === '/huge') body = HUGE;
    else if (path === '/with-huge') body = `${Array.from({ length: 20 }, (_, i) => `<a href="/item/${i}">${i}</a>`).join('')}<a href="/huge">h</a>`;
    else if (path === '/lead') body = `<a href="/huge">h</a>${Array.from({ length: 40 }, (_, i) => `<a href="/late-item/${i}">${i}</a>`).join('')}`;
    else if (path.startsWith('/late-item/')) {
      // Arrives while /huge is being parsed, so it queues on the same thread.
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html><body><h1>late ${path.slice(11)}</h1></body></html>`), 150);
      return;
    }
    else body = `<html><body><h1>item ${path.slice(6)}</h1><span class="price">2</span></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(body);
  });
  dir = mkdtempSync(join(tmpdir(), 'trawl-hostile-'));
});
afterAll(async () => {
  await site.close();
  rmSync(dir, { recursive: true, force: true });
});

function items(file: string): Record<string, string>[] {
  return readFileSync(join(dir, file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, string>);
}

describe('a hostile page', () => {
  for (const [kind, selector] of [['CSS (one SAX pass)', 'h1'], ['XPath (a DOM)', '//h1']] as const) {
    it(`of 200,000 nested divs still gives its item, and every other page its own (${kind})`, async () => {
      const output = `${kind.slice(0, 3)}.jsonl`;
      const result = await runCli(['crawl', `${site.url}/`, '--depth', '1', '--match', '/(item|hostile)', '--extract', `title=${selector}`, '--quiet', '-o', output], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      expect(result.code, result.stderr).toBe(0);
      const byUrl = new Map(items(output).map((item) => [item.url, item.title]));
      expect(byUrl.size).toBe(21);
      expect(byUrl.get(`${site.url}/hostile`)).toBe('Deep');
      expect(byUrl.get(`${site.url}/item/7`)).toBe('item 7');
    });
  }

  it('over the parse time budget fails with a clear reason, and the crawl goes on', async () => {
    const result = await runCli(
      ['crawl', `${site.url}/with-huge`, '--depth', '1', '--match', '/(item|huge)', '--extract', 'title=//h1', '--parse-timeout', '100', '--quiet', '-o', 'budget.jsonl'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`${site.url}/huge: parsing the page \\(\\d+ bytes\\) took over 100 ms; it is skipped`));
    const urls = items('budget.jsonl').map((item) => item.url);
    expect(urls).toHaveLength(20);
    expect(urls).not.toContain(`${site.url}/huge`);
  });

  it('over the budget fails alone: the pages its thread held behind it are parsed elsewhere, not failed', async () => {
    // /huge is fetched first and starts the parse thread; the item pages that follow queue on
    // the same thread behind it, and go to its replacement when it is stopped.
    const result = await runCli(
      ['crawl', `${site.url}/lead`, '--depth', '1', '--match', '/(late-item|huge)', '--extract', 'title=//h1', '-c', '8',
        '--parse-threads', '1', '--parse-timeout', '300', '--stats-json', 'held.json', '--quiet', '-o', 'held.jsonl'],
      { cwd: dir, timeoutMs: 120_000 },
    );
    expect(result.code, result.stderr).toBe(1);
    const urls = items('held.jsonl').map((item) => item.url);
    expect(new Set(urls).size).toBe(40);
    expect(urls).not.toContain(`${site.url}/huge`);
    const stats = JSON.parse(readFileSync(join(dir, 'held.json'), 'utf8')) as { failed: number; retries: number };
    expect(stats.failed).toBe(1);
    expect(stats.retries).toBe(0);
  });
});
