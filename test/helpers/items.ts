// Reading a crawl's JSONL output in the tests that kill and resume processes.
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

/** The items of a JSONL file, none when it is not there (yet). */
export function readJsonl(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every item of `site` is in `file` exactly once, with its title. */
export function expectEveryItemOnce(site: { readonly items: ReadonlyMap<string, string> }, file: string): void {
  const items = readJsonl(file);
  const urls = items.map((item) => item.url as string);
  expect(new Set(urls).size, 'an item appears twice').toBe(urls.length);
  expect(urls.length).toBe(site.items.size);
  for (const item of items) expect(item.title).toBe(site.items.get(item.url as string));
}
