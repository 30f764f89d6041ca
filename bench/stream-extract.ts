// The declarative crawl's two ways to read a page: the DOM path (parseHtml, links(), two compiled
// CSS fields) against one SAX pass (streamExtract), on the ~15 KB product page of
// bench/item-page.ts. Prints µs per page, the garbage collections each path triggered, and
// the heap bytes each path allocates per page. Allocation is measured in a child process whose
// young generation is large enough (64 MB semi-spaces) that no scavenge runs inside a sample, so
// heapUsed after minus heapUsed before (after a full gc()) is what the pages allocated.
// Run: npx tsx bench/stream-extract.ts [pages]
import { spawnSync } from 'node:child_process';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compileSelector, parseHtml } from '../src/parse/index.js';
import { compileStreamRules, streamExtract } from '../src/parse/stream-extract.js';
import { itemPage } from './item-page.js';

const PAGES = Number(process.argv[2] ?? 5000);
const WARMUP = 300;
const VARIANTS = 16;
const ALLOC_SAMPLES = 30;
const ALLOC_BATCH = 20;


const pages = Array.from({ length: VARIANTS }, (_, i) => itemPage(i + 1));
const urls = pages.map((_, i) => `http://127.0.0.1:8080/item/${i + 1}.html`);
const title = compileSelector('h1.title', 'bench title');
const price = compileSelector('span.price', 'bench price');
const rules = compileStreamRules([{ name: 'title', source: 'h1.title' }, { name: 'price', source: 'span.price' }], undefined);
if (rules === undefined) throw new Error('the bench selectors were refused');

type Path = (i: number) => number;
const domPath: Path = (i) => {
  const doc = parseHtml(pages[i % VARIANTS] as string, urls[i % VARIANTS] as string);
  const links = doc.links();
  const t = title.first(doc);
  const p = price.first(doc);
  if (t === null || p === null || links.length < 20) throw new Error('DOM path: page did not parse as expected');
  return links.length + t.length;
};
const streamPath: Path = (i) => {
  const out = streamExtract(rules, pages[i % VARIANTS] as string, urls[i % VARIANTS] as string);
  const t = out.fields.title;
  if (t == null || out.fields.price == null || out.links.length < 20) throw new Error('stream path: page did not parse as expected');
  return out.links.length + t.length;
};

// Same answers, or the comparison means nothing.
for (let i = 0; i < VARIANTS; i += 1) {
  const doc = parseHtml(pages[i] as string, urls[i] as string);
  const out = streamExtract(rules, pages[i] as string, urls[i] as string);
  const same = JSON.stringify([title.first(doc), price.first(doc), doc.links()]) === JSON.stringify([out.fields.title, out.fields.price, out.links]);
  if (!same) throw new Error(`page ${i + 1}: the two paths disagree`);
}

if (process.argv.includes('--alloc')) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run the allocation child with --expose-gc');
  // A scavenge inside a sample would hide allocation: count those (gc entries arrive later, so
  // compare their start times with the sample windows afterwards).
  const minorGcStarts: number[] = [];
  const windows: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === 1) minorGcStarts.push(entry.startTime);
  });
  observer.observe({ entryTypes: ['gc'] });
  const perPage = (path: Path): number => {
    for (let i = 0; i < WARMUP; i += 1) path(i);
    const samples: number[] = [];
    for (let s = 0; s < ALLOC_SAMPLES; s += 1) {
      gc();
      const start = performance.now();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < ALLOC_BATCH; i += 1) path(s * ALLOC_BATCH + i);
      samples.push((process.memoryUsage().heapUsed - before) / ALLOC_BATCH);
      windows.push([start, performance.now()]);
    }
    samples.sort((a, b) => a - b);
    return samples[Math.floor(samples.length / 2)] as number;
  };
  const dom = perPage(domPath);
  const stream = perPage(streamPath);
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const scavenges = minorGcStarts.filter((t) => windows.some(([a, b]) => t >= a && t <= b)).length;
  process.stdout.write(`${JSON.stringify({ dom, stream, scavenges })}\n`);
  process.exit(0);
}

async function timed(path: Path): Promise<{ us: number; gcs: number; gcMs: number }> {
  for (let i = 0; i < WARMUP; i += 1) path(i);
  let gcs = 0;
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gcs += 1;
      gcMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let checksum = 0;
  const t0 = performance.now();
  for (let i = 0; i < PAGES; i += 1) checksum += path(i);
  const ms = performance.now() - t0;
  // gc entries arrive asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  if (checksum === 0) throw new Error('no work done');
  return { us: (ms * 1000) / PAGES, gcs, gcMs };
}

const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0) / VARIANTS;
console.log(`page ${Math.round(bytes)} bytes, ${PAGES} pages per path (after ${WARMUP} warm-up), default V8 heap flags`);
for (const [label, path] of [['DOM    parseHtml + links() + 2 fields', domPath], ['stream streamExtract (same answers)  ', streamPath]] as const) {
  const { us, gcs, gcMs } = await timed(path);
  console.log(`${label}  ${us.toFixed(1)} µs/page = ${Math.round(1e6 / us)} pages/s; ${gcs} GCs, ${gcMs.toFixed(0)} ms in GC`);
}

const child = spawnSync(
  process.execPath,
  ['--expose-gc', '--max-semi-space-size=64', '--min-semi-space-size=64', '--import', 'tsx', fileURLToPath(import.meta.url), '--alloc'],
  { encoding: 'utf8' },
);
const line = child.stdout.trim().split('\n').pop() ?? '';
if (child.status !== 0 || !line.startsWith('{')) {
  console.log(`allocation: the measuring child failed (${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' ')}`);
} else {
  const { dom, stream, scavenges } = JSON.parse(line) as { dom: number; stream: number; scavenges: number };
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
  console.log(`allocated per page (median of ${ALLOC_SAMPLES} batches of ${ALLOC_BATCH}): DOM ${kb(dom)}, stream ${kb(stream)} ` +
    `(${(dom / stream).toFixed(1)}x less); scavenges inside samples: ${scavenges}`);
}
