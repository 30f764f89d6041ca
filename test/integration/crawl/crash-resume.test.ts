// Exactly once across crashes: a crawl killed with SIGKILL and started again with the same --job
// ends with every expected item exactly once, whatever moment it was killed at.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runCli, startCli } from '../../helpers/cli.js';
import { startShop, type Shop } from '../../helpers/shop-site.js';
import { parseCsv } from '../../helpers/csv.js';

let shop: Shop;
beforeAll(async () => {
  shop = await startShop({ lists: 20, perList: 10, latencyMs: 15 });
});
afterAll(async () => {
  await shop.close();
});

function crawlArgs(output: string): string[] {
  return [
    'crawl', `${shop.url}/`, '--job', 'shop', '-o', output, '-c', '4', '--quiet',
    '--match', '/item/', '--extract', 'title=h1.title', '--extract', 'price=span.price',
  ];
}

function itemLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('/item/')).length;
}

/** Starts the crawl and kills it with SIGKILL once `when` says so. */
async function crawlAndKill(dir: string, output: string, when: { items?: number; afterMs?: number }): Promise<void> {
  const child = startCli(crawlArgs(output), { cwd: dir });
  const result = collect(child);
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      const due = when.items !== undefined ? itemLines(join(dir, output)) >= when.items : Date.now() - started >= (when.afterMs ?? 0);
      if (due || child.exitCode !== null) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 5);
  });
  const { signal } = await result;
  // The point of the test: the crawl really died mid-way, with work left to resume.
  expect(signal).toBe('SIGKILL');
  expect(itemLines(join(dir, output))).toBeLessThan(shop.items.size);
}

function readItems(file: string, format: 'jsonl' | 'csv' | 'json'): Record<string, unknown>[] {
  const text = readFileSync(file, 'utf8');
  if (format === 'json') return JSON.parse(text) as Record<string, unknown>[];
  if (format === 'csv') {
    const [header, ...rows] = parseCsv(text);
    return rows.map((row) => Object.fromEntries(header!.map((name, i) => [name, row[i]])));
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function expectExactlyOnce(items: Record<string, unknown>[]): void {
  const urls = items.map((item) => item.url as string);
  expect(new Set(urls).size).toBe(urls.length);
  expect(urls.length).toBe(shop.items.size);
  for (const item of items) {
    const truth = shop.items.get(item.url as string);
    expect(truth, `unexpected item ${String(item.url)}`).toBeDefined();
    expect(item.title).toBe(truth!.title);
    expect(item.price).toBe(truth!.price);
  }
}

describe('a crawl killed with SIGKILL resumes with the same --job', () => {
  const killPoints: { name: string; when: { items?: number; afterMs?: number }[] }[] = [
    { name: 'before the first item', when: [{ afterMs: 60 }] },
    { name: 'after the first item', when: [{ items: 1 }] },
    { name: 'mid-way', when: [{ items: 90 }] },
    { name: 'twice in a row, at random moments', when: [{ afterMs: 150 + Math.floor(Math.random() * 400) }, { afterMs: 100 + Math.floor(Math.random() * 500) }] },
    { name: 'near the end', when: [{ items: 180 }] },
  ];
  for (const point of killPoints) {
    it(`keeps every item exactly once when killed ${point.name} (JSONL)`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trawl-crash-'));
      shop.server.hits.clear();
      try {
        for (const when of point.when) await crawlAndKill(dir, 'items.jsonl', when);
        const final = await runCli(crawlArgs('items.jsonl'), { cwd: dir });
        expect(final.code, final.stderr).toBe(0);
        expectExactlyOnce(readItems(join(dir, 'items.jsonl'), 'jsonl'));
        // Resumed, not restarted: only pages in flight or not yet committed at a kill are fetched twice.
        const fetched = [...shop.server.hits.values()].reduce((a, b) => a + b, 0);
        const pages = shop.items.size + 20 + 1;
        expect(fetched).toBeLessThanOrEqual(pages + point.when.length * 16);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  for (const format of ['csv', 'json'] as const) {
    it(`keeps every item exactly once when killed mid-way (${format.toUpperCase()})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'trawl-crash-'));
      try {
        const output = `items.${format}`;
        await crawlAndKill(dir, output, { afterMs: 500 });
        const sizeAfterKill = existsSync(join(dir, output)) ? statSync(join(dir, output)).size : 0;
        const final = await runCli(crawlArgs(output), { cwd: dir });
        expect(final.code, final.stderr).toBe(0);
        expect(statSync(join(dir, output)).size).toBeGreaterThanOrEqual(sizeAfterKill > 0 ? 1 : 0);
        expectExactlyOnce(readItems(join(dir, output), format));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
