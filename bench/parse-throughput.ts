// Parse-layer throughput on a ~15 KB product page shaped like the bench site's item pages
// (/work/shared/bench/servers/gen_site.py): per page parseHtml, links(), and two precompiled CSS
// extractions. Then, on fresh pages too, what the optional paths cost: the lesson-style XPath chain
// over the spec table, and the first use of the cheerio API ($).
// Run: npx tsx bench/parse-throughput.ts [pages]
import { performance } from 'node:perf_hooks';
import { compileSelector, isXPathAttribute, parseHtml } from '../src/parse/index.js';
import { itemPage } from './item-page.js';

const PAGES = Number(process.argv[2] ?? 5000);
const WARMUP = 300;
const VARIANTS = 16;


const pages = Array.from({ length: VARIANTS }, (_, i) => itemPage(i + 1));
const bytes = pages.reduce((sum, page) => sum + Buffer.byteLength(page), 0) / VARIANTS;
const title = compileSelector('h1.title', 'bench title');
const price = compileSelector('span.price', 'bench price');

let parseMs = 0;
let linksMs = 0;
let extractMs = 0;
let checksum = 0;
for (let i = 0; i < WARMUP + PAGES; i += 1) {
  const html = pages[i % VARIANTS] as string;
  const url = `http://127.0.0.1:8080/item/${(i % VARIANTS) + 1}.html`;
  const t0 = performance.now();
  const doc = parseHtml(html, url);
  const t1 = performance.now();
  const links = doc.links();
  const t2 = performance.now();
  const item = { title: title.first(doc), price: price.first(doc) };
  const t3 = performance.now();
  if (item.title === null || item.price === null || links.length < 20) throw new Error('bench page did not parse as expected');
  checksum += links.length + item.title.length;
  if (i >= WARMUP) {
    parseMs += t1 - t0;
    linksMs += t2 - t1;
    extractMs += t3 - t2;
  }
}

// Optional paths, measured apart so they do not disturb the figures above.
const SIDE_PAGES = Math.max(200, Math.floor(PAGES / 5));
const rows = compileSelector('//table[@class="spec"]/tbody/tr[position()>1]', 'bench rows');
const cells = compileSelector('./td/text()', 'bench cells');
function side(label: string, work: (doc: ReturnType<typeof parseHtml>) => unknown): void {
  let parse = 0;
  let spent = 0;
  for (let i = 0; i < WARMUP + SIDE_PAGES; i += 1) {
    const t0 = performance.now();
    const doc = parseHtml(pages[i % VARIANTS] as string, 'http://127.0.0.1:8080/item/1.html');
    const t1 = performance.now();
    work(doc);
    const t2 = performance.now();
    if (i >= WARMUP) {
      parse += t1 - t0;
      spent += t2 - t1;
    }
  }
  const us = (ms: number): string => `${((ms * 1000) / SIDE_PAGES).toFixed(1)} µs`;
  console.log(`${label.padEnd(44)} ${us(spent)}/page (parse in the same loop: ${us(parse)}/page)`);
}

const perPage = (ms: number): string => `${((ms * 1000) / PAGES).toFixed(1)} µs`;
const totalMs = parseMs + linksMs + extractMs;
console.log(`page ${Math.round(bytes)} bytes, ${PAGES} pages (after ${WARMUP} warm-up), checksum ${checksum}`);
console.log(`parse    ${perPage(parseMs)}/page`);
console.log(`links    ${perPage(linksMs)}/page`);
console.log(`extract  ${perPage(extractMs)}/page (h1.title + span.price, compiled once)`);
console.log(`total    ${perPage(totalMs)}/page = ${Math.round((PAGES * 1000) / totalMs)} pages/s`);

side('xpath: spec table rows -> ./td/text()', (doc) => {
  for (const row of rows.matches(doc)) if (typeof row !== 'string' && !isXPathAttribute(row)) cells.all(doc, row);
});
side("cheerio: doc.$('h1.title').text()", (doc) => doc.$('h1.title').text());
