// `trawl jobs` and `trawl jobs rm` through the real CLI, on jobs made by real crawls of local
// servers: each state (finished, stopped, running, interrupted, unreadable), counts, size on
// disk, last run and what the job crawls; removal and its refusals. Also what is kept under
// .trawl/ at all: an anonymous crawl's state goes at --max-pages too, and a spider's name is its
// default job.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, startCli } from '../../helpers/cli.js';
import { html, jsonLines, paths, readJsonl, site, trawl, workDir } from './helpers.js';

const EXAMPLES = join(import.meta.dirname, '../../../examples');

interface JobLine {
  name: string;
  state: string;
  pid?: number;
  pending: number;
  leased: number;
  done: number;
  failed: number;
  items: number;
  bytes: number;
  lastRun: string;
  kind: string | null;
  spider?: { file: string; name: string };
  start?: string;
  error?: string;
}

async function jobs(dir: string, ...extra: string[]): Promise<JobLine[]> {
  const result = await trawl(dir, ['jobs', '--json', ...extra]);
  expect(result.code, result.stderr).toBe(0);
  return jsonLines(result.stdout) as unknown as JobLine[];
}

function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

function stateFiles(dir: string): string[] {
  const folder = join(dir, '.trawl');
  return existsSync(folder) ? readdirSync(folder).filter((name) => name.includes('.db')) : [];
}

/** The size of a job's files on disk, as a user's `du` would add them up. */
function sizeOnDisk(db: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (existsSync(db + suffix) ? statSync(db + suffix).size : 0), 0);
}

/** A site whose home page links to `count` pages. */
async function pages(count: number, options: { latencyMs?: number } = {}) {
  const server = await site({}, options);
  server.routes['/'] = html(Array.from({ length: count }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(''));
  for (let i = 0; i < count; i++) server.routes[`/p/${i}`] = html(`<h1>${i}</h1>`);
  return server;
}

describe('trawl jobs', () => {
  it('lists each job with its state, counts, size on disk, last run and what it crawls', async () => {
    const server = await pages(12);
    const dir = workDir();
    const startedAt = Date.now();
    const crawl = (job: string, ...extra: string[]) =>
      trawl(dir, ['crawl', `${server.url}/`, '--job', job, '--match', '/p/', '--extract', 'h=h1', '-o', `${job}.jsonl`, '--quiet', ...extra]);
    expect((await crawl('whole')).code).toBe(0);
    expect((await crawl('part', '--max-pages', '4', '-c', '1')).code).toBe(0);
    const sizes = { whole: sizeOnDisk(join(dir, '.trawl', 'whole.db')), part: sizeOnDisk(join(dir, '.trawl', 'part.db')) };

    const listed = await jobs(dir);
    expect(listed.map((job) => job.name)).toEqual(['part', 'whole']);
    const [part, whole] = listed as [JobLine, JobLine];
    expect(whole).toMatchObject({ state: 'finished', pending: 0, leased: 0, done: 13, failed: 0, items: 0, kind: 'rules', start: `${server.url}/` });
    expect(part).toMatchObject({ state: 'stopped', pending: 9, leased: 0, done: 4, failed: 0, kind: 'rules' });
    expect(whole.bytes).toBe(sizes.whole);
    expect(part.bytes).toBe(sizes.part);
    expect(whole.bytes).toBeGreaterThan(4096);
    for (const job of listed) {
      // File times have a coarse grain on some file systems: a second of slack.
      expect(Date.parse(job.lastRun)).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(Date.parse(job.lastRun)).toBeLessThanOrEqual(Date.now());
    }

    const table = await trawl(dir, ['jobs']);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +STATE +PENDING +LEASED +DONE +FAILED +ITEMS +SIZE +LAST RUN +CRAWLS$/);
    expect(lines[1]).toMatch(new RegExp(`^part +stopped +9 +0 +4 +0 +0 +[\\d.]+ [KM]?B +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d +crawl ${server.url}/$`));
    expect(lines[2]).toMatch(/^whole +finished +0 +0 +13 +0 +0 /);
    expect(lines.at(-1)).toMatch(new RegExp(`^2 jobs, [\\d.]+ [KM]?B in ${join(dir, '.trawl').replace(/[.]/g, '\\.')}$`));
  });

  it('shows a crawl in progress as running with its pid, refuses to remove it, and shows it interrupted once killed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const server = await site({ '/': html(Array.from({ length: 8 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join('')) });
    for (let i = 0; i < 8; i++) {
      server.routes[`/p/${i}`] = async (_req, res) => {
        await held;
        res.writeHead(200, { 'content-type': 'text/html' }).end(html(`${i}`));
      };
    }
    const dir = workDir();
    const child = startCli(['crawl', `${server.url}/`, '--job', 'live', '-c', '2', '--workers', '1', '--quiet'], { cwd: dir });
    const ended = collect(child);
    try {
      while (paths(server).filter((path) => path.startsWith('/p/')).length < 2 && child.exitCode === null) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const [running] = await jobs(dir);
      expect(running).toMatchObject({ name: 'live', state: 'running', pid: child.pid, done: 1 });
      expect(running!.leased).toBeGreaterThanOrEqual(2);

      expectOneLine(await trawl(dir, ['jobs', 'rm', 'live']), new RegExp(`^trawl: job "live" is already running in process ${child.pid}$`));
      expect(existsSync(join(dir, '.trawl', 'live.db'))).toBe(true);

      child.kill('SIGKILL');
      await ended;
      const [killed] = await jobs(dir);
      expect(killed).toMatchObject({ name: 'live', state: 'interrupted', done: 1 });
      expect(killed!.pid).toBeUndefined();
      expect(killed!.leased).toBeGreaterThanOrEqual(2);

      const removed = await trawl(dir, ['jobs', 'rm', 'live']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stderr).toMatch(/^trawl: removed job live \(interrupted, [\d.]+ [KM]?B\)\n$/);
      expect(stateFiles(dir)).toEqual([]);
    } finally {
      release();
      child.kill('SIGKILL');
    }
  });

  it('removes named jobs and every finished one, keeps their outputs, and refuses an unknown name without removing anything', async () => {
    const server = await pages(6);
    const dir = workDir();
    for (const [job, extra] of [['one', []], ['two', []], ['cut', ['--max-pages', '2']]] as const) {
      const result = await trawl(dir, ['crawl', `${server.url}/`, '--job', job, '--extract', 'h=h1', '-o', `${job}.jsonl`, '--quiet', ...extra]);
      expect(result.code, result.stderr).toBe(0);
    }

    expectOneLine(await trawl(dir, ['jobs', 'rm', 'one', 'nope']), /^trawl: job nope \(.*\.trawl\): no such job/);
    expect((await jobs(dir)).map((job) => job.name)).toEqual(['cut', 'one', 'two']);

    const one = await trawl(dir, ['jobs', 'rm', 'one']);
    expect(one.code, one.stderr).toBe(0);
    expect(stateFiles(dir).filter((name) => name.startsWith('one.'))).toEqual([]);
    expect(readJsonl(join(dir, 'one.jsonl'))).toHaveLength(7);

    const finished = await trawl(dir, ['jobs', 'rm', '--finished']);
    expect(finished.code, finished.stderr).toBe(0);
    expect(finished.stderr).toMatch(/^trawl: removed job two \(finished, /);
    expect((await jobs(dir)).map((job) => [job.name, job.state])).toEqual([['cut', 'stopped']]);

    const none = await trawl(dir, ['jobs', 'rm', '--finished']);
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain('no finished jobs');
    expectOneLine(await trawl(dir, ['jobs', 'rm']), /^trawl: trawl jobs rm: name the jobs to remove, or give --finished$/);
  });

  it('looks in another folder with --dir, and lists a file that is not a job as unreadable beside the others', async () => {
    const server = await pages(1);
    const dir = workDir();
    const other = workDir();
    expect((await trawl(other, ['crawl', `${server.url}/`, '--job', 'there', '--quiet'])).code).toBe(0);
    writeFileSync(join(other, '.trawl', 'notes.db'), 'not a database, just text that happens to end in .db\n'.repeat(20));

    expect((await trawl(dir, ['jobs'])).stdout).toBe(`no jobs in ${join(dir, '.trawl')}\n`);
    expect(await jobs(dir)).toEqual([]);
    const listed = await jobs(dir, '--dir', join(other, '.trawl'));
    expect(listed.map((job) => [job.name, job.state])).toEqual([
      ['notes', 'unreadable'],
      ['there', 'finished'],
    ]);
    expect(listed[0]!.error).toMatch(/not a database/);
    const removed = await trawl(dir, ['jobs', 'rm', '--dir', join(other, '.trawl'), 'notes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(other, '.trawl', 'notes.db'))).toBe(false);
  });
});

describe('what stays under .trawl/', () => {
  it('removes an anonymous crawl that stopped at --max-pages, and keeps one stopped by Ctrl-C for --job <its name>', async () => {
    const server = await pages(30, { latencyMs: 40 });
    const dir = workDir();
    const budget = await trawl(dir, ['crawl', `${server.url}/`, '--max-pages', '3', '--quiet']);
    expect(budget.code, budget.stderr).toBe(0);
    expect(budget.stderr).toMatch(/request\(s\) not fetched; this run's state is removed \(give --job <name> to keep/);
    expect(budget.stderr).not.toContain('continue with --job');
    expect(stateFiles(dir)).toEqual([]);

    const child = startCli(['crawl', `${server.url}/`, '-c', '1', '--workers', '1'], { cwd: dir });
    const stopped = collect(child);
    const before = paths(server).length;
    while (paths(server).length < before + 4 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGINT');
    const result = await stopped;
    expect(result.code, result.stderr).toBe(130);
    const name = /resume with --job (crawl-[\w-]+)\)/.exec(result.stderr)?.[1];
    expect(name).toBeDefined();
    expect((await jobs(dir)).map((job) => [job.name, job.state])).toEqual([[name, 'stopped']]);
  });

  it("names a spider's job after the spider: a stopped run continues on the next run, which then removes it", async () => {
    const server = await pages(8);
    const dir = workDir();
    const spider = join(dir, 'spider.mjs');
    writeFileSync(
      spider,
      `export default { name: 'my shop/spider', startUrls: [${JSON.stringify(`${server.url}/`)}],
        handler(ctx) { ctx.enqueueLinks(); if (ctx.request.url.includes('/p/')) ctx.push({ h: ctx.get('h1') }); } };\n`,
    );
    const run = (...extra: string[]) => trawl(dir, ['run', spider, '-o', 'items.jsonl', '-c', '1', '--quiet', ...extra]);
    const first = await run('--max-pages', '3');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('continue with --job my-shop-spider');
    const [kept] = await jobs(dir);
    expect(kept).toMatchObject({ name: 'my-shop-spider', state: 'stopped', done: 3, kind: 'spider', spider: { file: 'spider.mjs', name: 'my shop/spider' } });

    const second = await run();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain('trawl: resuming job my-shop-spider, named after the spider');
    // Every item once: the pages of the first run are not fetched again.
    expect(readJsonl(join(dir, 'items.jsonl')).map((item) => item.h).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(paths(server)).toHaveLength(9);
    expect(stateFiles(dir)).toEqual([]);
  });

  it("refuses to resume a spider's job with an edited spider unless --force, naming how to start afresh", async () => {
    const server = await pages(8);
    const dir = workDir();
    const spider = join(dir, 'spider.mjs');
    const source = `export default { name: 'edited', startUrls: [${JSON.stringify(`${server.url}/`)}], handler(ctx) { ctx.enqueueLinks(); } };\n`;
    writeFileSync(spider, source);
    expect((await trawl(dir, ['run', spider, '--max-pages', '2', '-c', '1', '--quiet'])).code).toBe(0);
    writeFileSync(spider, `${source}// edited\n`);
    expectOneLine(
      await trawl(dir, ['run', spider, '--quiet']),
      /^trawl: job edited: it runs another spider \(spider\.mjs, content differs\); use another --job name, or --force .*trawl jobs rm edited starts it afresh\)$/,
    );
    expect((await jobs(dir)).map((job) => [job.name, job.state, job.done])).toEqual([['edited', 'stopped', 2]]);
    const forced = await trawl(dir, ['run', spider, '--quiet', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(paths(server)).toHaveLength(9);
    expect(stateFiles(dir)).toEqual([]);
  });

  it('gives a --demo run no job of its own: the site lives for that run only', async () => {
    const dir = workDir();
    const result = await trawl(dir, ['run', join(EXAMPLES, 'novel.ts'), '--demo', '--max-pages', '2', '-d', 'files', '-o', 'items.jsonl', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/stopped \(max-pages\)/);
    expect(result.stderr).not.toContain('novel');
    expect(stateFiles(dir)).toEqual([]);
  });
});
