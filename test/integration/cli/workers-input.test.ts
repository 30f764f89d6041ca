// Bad input around shared jobs: one line naming what is wrong, exit 2, nothing saved lost.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startShop, type Shop } from '../../helpers/shop-site.js';

let shop: Shop;
let dir: string;
beforeAll(async () => {
  shop = await startShop({ lists: 3, perList: 4 });
});
afterAll(async () => {
  await shop.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'trawl-workers-input-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^trawl: /);
  expect(lines[0]).toMatch(pattern);
}

const crawl = (...extra: string[]): string[] => ['crawl', `${shop.url}/`, '--quiet', '--match', '/item/', '--extract', 'title=h1.title', ...extra];

describe('shared-job options', () => {
  it('refuses --workers 0 and a --workers that is not a number', async () => {
    expectOneLine(await runCli(crawl('--workers', '0'), { cwd: dir }), /--workers: expected a whole number >= 1, or auto \(received "0"\)/);
    expectOneLine(await runCli(crawl('--workers', 'many'), { cwd: dir }), /--workers: .*\(received "many"\)/);
  });

  it('refuses a frontier URL that is not Redis or SQLite', async () => {
    expectOneLine(await runCli(crawl('--frontier', 'http://127.0.0.1:6379', '--job', 'x'), { cwd: dir }), /--frontier: expected redis:\/\/host:port/);
  });

  it('refuses a Redis frontier without a job name', async () => {
    expectOneLine(await runCli(crawl('--frontier', 'redis://127.0.0.1:6379'), { cwd: dir }), /--job: a Redis frontier needs --job <name>/);
  });

  it('refuses a job that exists with other rules or start URLs unless --force, and keeps its output', async () => {
    const first = await runCli(crawl('--job', 'shop', '-o', 'items.jsonl'), { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const saved = readFileSync(join(dir, 'items.jsonl'), 'utf8');
    expectOneLine(
      await runCli(['crawl', `${shop.url}/`, '--quiet', '--match', '/item/', '--extract', 'name=h1', '--job', 'shop', '-o', 'items.jsonl'], { cwd: dir }),
      /job shop: it was started with other --follow\/--match\/--extract rules; use another --job name, or --force/,
    );
    expectOneLine(
      await runCli(['crawl', `${shop.url}/list/2.html`, '--quiet', '--match', '/item/', '--extract', 'title=h1.title', '--job', 'shop', '-o', 'items.jsonl'], { cwd: dir }),
      /job shop: it was started with other start URLs/,
    );
    expect(readFileSync(join(dir, 'items.jsonl'), 'utf8')).toBe(saved);
    const forced = await runCli(['crawl', `${shop.url}/`, '--quiet', '--match', '/item/', '--extract', 'name=h1', '--job', 'shop', '-o', 'other.jsonl', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(0);
  });
});

describe('trawl worker', () => {
  it('refuses a job that does not exist', async () => {
    expectOneLine(await runCli(['worker', '--frontier', 'sqlite:.trawl/none.db', '--job', 'none'], { cwd: dir }), /job none .*no such job/);
  });

  it('refuses to join a job that runs in a single process', async () => {
    expect((await runCli(crawl('--job', 'solo', '--workers', '1', '-o', 'items.jsonl'), { cwd: dir })).code).toBe(0);
    expectOneLine(await runCli(['worker', '--frontier', 'sqlite:.trawl/solo.db', '--job', 'solo'], { cwd: dir }), /it runs in a single process; start it with --workers 2/);
  });

  it('refuses another spider file, or none, for a spider job', async () => {
    const spider = join(dir, 'spider.mjs');
    writeFileSync(
      spider,
      `export default { startUrls: [${JSON.stringify(`${shop.url}/`)}], handler(ctx) { ctx.enqueueLinks(); if (ctx.request.url.includes('/item/')) ctx.push({ title: ctx.get('h1') }); } };\n`,
    );
    const run = await runCli(['run', spider, '--job', 'spidey', '--workers', '2', '--quiet', '-o', 'items.jsonl'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'items.jsonl'), 'utf8').trim().split('\n')).toHaveLength(shop.items.size);
    expectOneLine(await runCli(['worker', '--frontier', 'sqlite:.trawl/spidey.db', '--job', 'spidey'], { cwd: dir }), /it runs the spider spider\.mjs: give that file/);
    const changed = join(dir, 'changed.mjs');
    copyFileSync(spider, changed);
    writeFileSync(changed, `${readFileSync(changed, 'utf8')}// edited\n`);
    expectOneLine(await runCli(['worker', '--frontier', 'sqlite:.trawl/spidey.db', '--job', 'spidey', changed], { cwd: dir }), /not the spider job spidey runs \(spider\.mjs\): the file's content differs/);
    // The same file joins (the job is finished, so it exits at once with 0).
    const same = await runCli(['worker', '--frontier', 'sqlite:.trawl/spidey.db', '--job', 'spidey', spider, '--quiet'], { cwd: dir });
    expect(same.code, same.stderr).toBe(0);
  });

  it('refuses a spider file for a declarative job', async () => {
    expect((await runCli(crawl('--job', 'rules', '--workers', '2', '-o', 'items.jsonl'), { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, 'x.mjs'), 'export default { handler() {} };\n');
    expectOneLine(await runCli(['worker', '--frontier', 'sqlite:.trawl/rules.db', '--job', 'rules', 'x.mjs'], { cwd: dir }), /job rules is a declarative crawl \(trawl crawl\): give no spider file/);
  });
});
