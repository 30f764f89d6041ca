// Benchmark of the SQLite frontier: bulk add of N requests (default 1,000,000), lease+commit of
// a sample, the crawl-like pattern (lease 64; per page commit done + 20 links, ~95% of them
// already known), and a resume after a crash (open the file again, reclaim the dead process's
// leases, first lease). Prints times, rates, RSS as the frontier grows, and peak RSS.
// Run: npx tsx bench/frontier-1m.ts [N]      (10,000,000: npx tsx bench/frontier-1m.ts 10000000)
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteFrontier } from '../src/frontier/index.js';
import type { FrontierBackend } from '../src/types/frontier.js';
import type { CrawlRequest } from '../src/types/request.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ADD_BATCH = 500;
const CRAWL_PAGES = 21_000;
const LINKS_PER_PAGE = 20;
const NEW_LINK_SHARE = 0.05;

let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const memory = (): string => {
  const m = process.memoryUsage();
  return `[rss ${mb(m.rss)}, V8 heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)}]`;
};
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')}/s`;

function key(i: number): string {
  return createHash('sha1').update(`req-${i}`).digest('hex').slice(0, 32);
}

function request(i: number, depth = 1): CrawlRequest {
  return {
    url: `http://127.0.0.1:8080/catalogue/page-${i}.html?sort=price&ref=${i % 97}`,
    method: 'GET',
    priority: 0,
    depth,
    uniqueKey: key(i),
    retries: 0,
    userData: { from: i >> 4 },
  };
}

function vmHwm(): string {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((l) => l.startsWith('VmHWM'));
    return line ? line.replace(/\s+/g, ' ').replace('VmHWM: ', '') : 'n/a';
  } catch {
    return 'n/a';
  }
}

async function bulkAdd(frontier: FrontierBackend): Promise<void> {
  const started = performance.now();
  let inFrontier = 0;
  const tenth = Math.max(ADD_BATCH, Math.floor(N / 10));
  const growth: string[] = [];
  for (let i = 0; i < N; i += ADD_BATCH) {
    const batch: CrawlRequest[] = [];
    for (let j = i; j < Math.min(N, i + ADD_BATCH); j++) batch.push(request(j));
    const t = performance.now();
    await frontier.add(batch);
    inFrontier += performance.now() - t;
    if ((i / ADD_BATCH) % 20 === 0) sampleRss();
    if ((i + ADD_BATCH) % tenth < ADD_BATCH) growth.push(`${((i + ADD_BATCH) / 1e6).toFixed(1)}M: ${mb(process.memoryUsage().rss)}`);
  }
  console.log(`RSS while the frontier grows: ${growth.join(', ')}`);
  const wall = performance.now() - started;
  console.log(`add ${N.toLocaleString('en-US')} in batches of ${ADD_BATCH}: ${(wall / 1000).toFixed(1)} s wall, ${rate(N, wall)} (inside add(): ${rate(N, inFrontier)}) ${memory()}`);
}

async function leaseSample(frontier: FrontierBackend, total: number): Promise<void> {
  const started = performance.now();
  let n = 0;
  while (n < total) {
    const batch = await frontier.lease(64, 60_000);
    if (batch.length === 0) break;
    await frontier.commit({ done: batch.map((r) => r.id) });
    n += batch.length;
    sampleRss();
  }
  const wall = performance.now() - started;
  console.log(`lease 64 + commit done, ${n.toLocaleString('en-US')} requests from the full frontier: ${(wall / 1000).toFixed(2)} s, ${rate(n, wall)} ${memory()}`);
}

/**
 * Per leased page: one commit with done + 20 links. A link is new with probability 5%;
 * otherwise it repeats a known key: "hot" from a pool of recently seen keys (menus, pagers),
 * or "cold" from anywhere in the frontier (worst case for the in-process cache).
 */
async function crawlPattern(frontier: FrontierBackend, label: string, firstNew: number, dupPool: (random: () => number, known: number) => number): Promise<void> {
  let nextNew = firstNew;
  let pages = 0;
  let attempts = 0;
  let added = 0;
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const started = performance.now();
  while (pages < CRAWL_PAGES) {
    const batch = await frontier.lease(64, 60_000);
    if (batch.length === 0) break;
    for (const page of batch) {
      const links: CrawlRequest[] = [];
      for (let l = 0; l < LINKS_PER_PAGE; l++) {
        links.push(request(random() < NEW_LINK_SHARE ? nextNew++ : dupPool(random, nextNew), page.depth + 1));
      }
      attempts += links.length;
      added += (await frontier.commit({ done: [page.id], added: links, checkpoint: { key: 'dataset', value: String(pages) } })).added;
      pages++;
      if (pages >= CRAWL_PAGES) break;
    }
    sampleRss();
  }
  const wall = performance.now() - started;
  console.log(
    `crawl pattern (${label}): ${pages.toLocaleString('en-US')} pages, ${attempts.toLocaleString('en-US')} add attempts, ${added.toLocaleString('en-US')} new: ` +
      `${(wall / 1000).toFixed(2)} s, ${rate(pages, wall)} pages, ${rate(attempts, wall)} add attempts ${memory()}`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-bench-'));
  try {
    console.log(`node ${process.version}, N = ${N.toLocaleString('en-US')}, temp dir ${dir}`);

    // A crawl from scratch, the shape of the 21,000-page crawl benchmark.
    const small = openSqliteFrontier(join(dir, 'crawl.db'));
    await small.add(Array.from({ length: 1000 }, (_, i) => request(i, 0)));
    // Duplicates: half site-wide links (the first 50 pages: menus, categories), half any known page.
    await crawlPattern(small, 'fresh frontier, duplicates of keys seen so far', 1000, (r, known) =>
      r() < 0.5 ? Math.floor(r() * 50) : Math.floor(r() * known),
    );
    await small.close();
    sampleRss();

    const path = join(dir, 'big.db');
    const frontier = openSqliteFrontier(path);
    await bulkAdd(frontier);
    await leaseSample(frontier, 20_000);
    await crawlPattern(frontier, `${N.toLocaleString('en-US')}-row frontier, hot duplicates (last 5,000 keys)`, N, (r) => N - 1 - Math.floor(r() * 5_000));
    await crawlPattern(frontier, `${N.toLocaleString('en-US')}-row frontier, cold duplicates (uniform over all keys)`, N + 100_000, (r) => Math.floor(r() * N));
    const t = performance.now();
    const counts = await frontier.counts();
    const countsMs = performance.now() - t;
    console.log(`counts() ${countsMs.toFixed(2)} ms: ${JSON.stringify(counts)}`);
    // A crawl dies holding 512 leases; the next run opens the file, takes them back, leases on.
    await frontier.lease(512, 3_600_000, 'dead-worker');
    await frontier.close();
    sampleRss();
    const resumeStarted = performance.now();
    const reopened = openSqliteFrontier(path);
    const opened = performance.now();
    const reclaimed = await reopened.reclaimAll();
    const reclaimedAt = performance.now();
    const first = await reopened.lease(64, 60_000);
    const firstAt = performance.now();
    console.log(
      `resume of the ${N.toLocaleString('en-US')}-request frontier: open ${(opened - resumeStarted).toFixed(0)} ms, reclaim ${reclaimed} leases ` +
        `${(reclaimedAt - opened).toFixed(0)} ms, first lease of ${first.length} ${(firstAt - reclaimedAt).toFixed(0)} ms: ${((firstAt - resumeStarted) / 1000).toFixed(2)} s in all`,
    );
    await reopened.close();
    console.log(`database file: ${mb(statSync(path).size)}`);
    console.log(`peak RSS (sampled): ${mb(peakRss)}; VmHWM: ${vmHwm()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
