// The declarative crawl's two ways to read a page: the DOM path (parseHtml, links(), two compiled
// CSS fields) against one SAX pass (streamExtract), on the ~15 KB product page of
// bench/parse-throughput.ts. Prints µs per page, the garbage collections each path triggered, and
// the heap bytes each path allocates per page. Allocation is measured in a child process whose
// young generation is large enough (64 MB semi-spaces) that no scavenge runs inside a sample, so
// heapUsed after minus heapUsed before (after a full gc()) is what the pages allocated.
// Run: npx tsx bench/stream-extract.ts [pages]
import { spawnSync } from 'node:child_process';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { compileSelector, parseHtml } from '../src/parse/index.js';
import { compileStreamRules, streamExtract } from '../src/parse/stream-extract.js';

const PAGES = Number(process.argv[2] ?? 5000);
const WARMUP = 300;
const VARIANTS = 16;
const ALLOC_SAMPLES = 30;
const ALLOC_BATCH = 20;

// The page generator of bench/parse-throughput.ts (a script, so not importable), condensed.
const WORDS_ZH = ['红色', '蓝色', '黑色', '白色', '手机壳', '耳机', '充电器', '数据线', '键盘', '鼠标', '显示器', '笔记本'];
const WORDS_EN = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut ' +
  'labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris').split(' ');
const CATS = ['electronics', 'home', 'outdoor', 'office', 'kitchen', 'toys', 'books', 'garden'];

function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

function itemPage(id: number): string {
  const r = rng(id * 7919);
  const pick = <T>(list: readonly T[]): T => list[r(list.length)] as T;
  const sentence = (n: number): string => {
    const words = Array.from({ length: n }, () => pick(WORDS_EN)).join(' ');
    return `${words.charAt(0).toUpperCase()}${words.slice(1)}.`;
  };
  const para = (n: number): string => Array.from({ length: n }, () => sentence(8 + r(9))).join(' ');
  const title = `商品 ${String(id).padStart(5, '0')} ${pick(WORDS_ZH)} ${pick(WORDS_ZH)} ${pick(WORDS_EN)}`;
  const price = `¥${5 + r(9995)}.${String(r(100)).padStart(2, '0')}`;
  const out: string[] = [];
  out.push(`<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - 比价网 Bench Shop</title>\n<meta name="description" content="${sentence(20)}">
<link rel="stylesheet" href="/static/site.css">\n<link rel="canonical" href="/item/${id}.html">
<style>\nbody{font-family:Helvetica,Arial,sans-serif;margin:0;color:#222}.nav a{margin:0 6px;color:#06c}
.wrap{max-width:1080px;margin:0 auto;padding:12px}table.spec td,table.spec th{border:1px solid #ddd;padding:4px 8px}
.price{color:#c00;font-weight:bold;font-size:1.4em}.related li{display:inline-block;margin:4px}
footer{background:#f4f4f4;padding:16px;font-size:.85em;color:#666}\n</style>
<script>window.__BENCH__={"page":"item","id":${id}};</script>\n</head>\n<body>\n`);
  const nav = ['<a href="/list/1.html">首页 Home</a>'];
  CATS.forEach((cat, i) => nav.push(`<a href="/list/${1 + i * 7}.html" data-cat="${cat}">${cat}</a>`));
  nav.push('<a href="/list/1.html?sort=price">价格 Price</a>', '<a href="/list/1.html?sort=new">新品 New</a>');
  out.push(`<header class="top"><div class="wrap"><div class="logo">Bench Shop 比价网</div>\n<nav class="nav">${nav.join('\n')}</nav>
<form class="search" action="/search" method="get"><input name="q" placeholder="搜索 search"><button type="submit">Go</button></form></div></header>\n`);
  out.push(`<div class="wrap"><div class="crumbs"><a href="/list/1.html">Home</a> &gt; <span>${CATS[id % 8]}</span> &gt; <span>${id}</span></div>\n`);
  out.push(`<div class="product" id="p${id}">\n<h1 class="title">${title}</h1>\n`);
  out.push(`<div class="buy"><span class="label">价格:</span> <span class="price">${price}</span> <span class="stock">有货 In stock</span> <button class="cart" data-id="${id}">加入购物车</button></div>\n`);
  out.push('<div class="desc">\n');
  for (let i = 0, n = 11 + r(5); i < n; i += 1) out.push(`<p>${para(5 + r(4))}</p>\n`);
  out.push('</div>\n<table class="spec"><thead><tr><th>参数 Spec</th><th>值 Value</th><th>备注 Note</th></tr></thead><tbody>\n');
  for (let i = 0, n = 40 + r(11); i < n; i += 1) {
    out.push(`<tr><td>spec-${String(i).padStart(2, '0')} ${pick(WORDS_EN)}</td><td>${pick(WORDS_ZH)} ${1 + r(1000)}</td><td>${sentence(4)}</td></tr>\n`);
  }
  out.push('</tbody></table>\n<div class="related"><h2>相关商品 Related</h2><ul>\n');
  for (let i = 0; i < 10; i += 1) {
    const other = 1 + r(20000);
    out.push(`<li><a href="/item/${other}.html">Item ${other}</a></li>\n`);
  }
  out.push('</ul></div>\n</div>\n<div class="reviews"><h2>评论 Reviews</h2>\n');
  for (let i = 0, n = 3 + r(3); i < n; i += 1) out.push(`<div class="review"><b>user${r(99999)}</b> <i>${1 + r(5)}/5</i><p>${para(2)}</p></div>\n`);
  out.push('</div></div>\n<footer><div class="wrap"><p>&copy; 2024 Bench Shop. 本站所有数据均为测试生成 (all data is synthetic).</p>' +
    '<p><a href="/list/1.html">Home</a> | <span>About</span> | <span>Contact</span> | <span>Privacy</span></p></div></footer>\n</body>\n</html>\n');
  return out.join('');
}

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
