// RenderPool throughput and memory on the bench kit's `render` case: 200 pages whose script fills
// h1#name and span.price from a JSON file, served by the kit's static server (40 ms per answer,
// as run.py serves it) in a child process. Renders every page C at a time, extracts both fields
// from the rendered DOM, checks them against render_expected.jsonl, and prints pages/s, the CPU
// time of the whole process tree and its peak summed RSS (Node + every Chromium process, sampled
// every 50 ms from /proc, as run.py measures).
// Run: npx tsx bench/render-pool.ts [C=8] [--browsers N] [--quiet-ms MS] [--wait-for SEL] [--block image,font|none] [--arg=--switch]…
// Needs /work/shared/bench/data/render (the kit's setup) and Chromium; the kit's own side-by-side:
//   python3 /work/shared/bench/run.py render --tools trawl,crawlee-pw --runs 3
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { processTree } from '../src/browser/process-tree.js';
import { RenderPool } from '../src/browser/render-pool.js';
import type { BlockableResource, RenderEvent } from '../src/browser/render-options.js';
import { parseHtml } from '../src/parse/html-document.js';
import { TypedEmitter } from '../src/util/emitter.js';

const KIT = process.env.BENCH_DATA ?? '/work/shared/bench/data';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    browsers: { type: 'string', default: '1' },
    'quiet-ms': { type: 'string', default: '50' },
    'wait-for': { type: 'string' },
    'latency-ms': { type: 'string', default: '40' },
    block: { type: 'string', default: 'image,font,media' },
    arg: { type: 'string', multiple: true, default: [] },
  },
});
const C = Number(positionals[0] ?? 8);
const browsers = Number(values.browsers);

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const port = await freePort();
const server = spawn(process.execPath, ['/work/shared/bench/servers/static_server.js', '--root', `${KIT}/render`, '--port', String(port), '--latency-ms', String(values['latency-ms']), '--bandwidth', '0'], { stdio: 'ignore' });
for (let i = 0; i < 100; i++) {
  if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
const urls = readFileSync(`${KIT}/render/urls.txt`, 'utf8').split('\n').filter(Boolean).map((url) => url.replace(/^http:\/\/[^/]+/, `http://127.0.0.1:${port}`));
const expected = new Map(
  readFileSync(`${KIT}/render_expected.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { url: string; name: string; price: string })
    .map((row) => [row.url, row]),
);

// Peak memory of this process and its descendants (the server excluded: it is the site, not the crawler).
let peak = 0;
const sample = (): void => {
  const tree = processTree(process.pid).filter(({ pid }) => pid !== server.pid);
  let rss = 0;
  for (const { pid } of tree) {
    try {
      rss += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch {
      // gone
    }
  }
  peak = Math.max(peak, rss);
};
const sampler = setInterval(sample, 50);

const events = new TypedEmitter<RenderEvent>();
const notes: string[] = [];
events.on((event) => {
  if (event.type === 'note') notes.push(`${event.url}: ${event.message}`);
  if (event.type === 'launch') process.stderr.write(`browser ${event.browser} launched in ${event.ms} ms\n`);
});
const cpuBefore = treeCpuSeconds();
const started = performance.now();
const block = values.block === 'none' ? [] : (values.block.split(',') as BlockableResource[]);
const pool = new RenderPool({ browsers, pagesPerBrowser: Math.ceil(C / browsers), quietMs: Number(values['quiet-ms']), block, args: values.arg, events });
let wrong = 0;
let next = 0;
const worker = async (): Promise<void> => {
  while (next < urls.length) {
    const url = urls[next++]!;
    const options = values['wait-for'] ? { waitFor: values['wait-for'] } : {};
    await pool.withPage(url, ({ html, url: finalUrl }) => {
      const doc = parseHtml(html, finalUrl);
      const want = expected.get(new URL(finalUrl).pathname);
      if (!want || doc.$('h1#name').text().trim() !== want.name || doc.$('span.price').text().trim() !== want.price) wrong++;
    }, options);
  }
};
await Promise.all(Array.from({ length: C }, worker));
const renderSeconds = (performance.now() - started) / 1000;
sample();
const stats = pool.stats();
const perProcess = processTree(process.pid)
  .filter(({ pid }) => pid !== server.pid)
  .map(({ pid }) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? (pid === process.pid ? 'node' : 'browser');
    return `${type} ${((Number(fields[11]) + Number(fields[12])) / 100).toFixed(1)}s ${Math.round((Number(fields[21]) * 4096) / 1048576)}MiB`;
  });
await pool.close();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
server.kill();
const cpu = treeCpuSeconds() - cpuBefore;

console.log(
  `render-pool: ${urls.length} pages, C=${C}, browsers=${browsers}, quietMs=${values['quiet-ms']}${values['wait-for'] ? `, waitFor=${values['wait-for']}` : ''}${values.arg.length ? `, args=${values.arg.join(' ')}` : ''}\n` +
    `  ${seconds.toFixed(2)} s wall (launch and close included; ${renderSeconds.toFixed(2)} s to the last page) = ${(urls.length / seconds).toFixed(1)} pages/s\n` +
    `  ${wrong} wrong items; ${notes.length} notes; ${stats.restarts} restarts\n` +
    `  CPU (Node + Chromium): ${cpu.toFixed(1)} s = ${((cpu / urls.length) * 1000).toFixed(0)} ms per page\n` +
    `  peak summed RSS of the process tree (Node + Chromium): ${(peak / 1048576).toFixed(0)} MiB`,
);
console.log(`  CPU and RSS by process at the end: ${perProcess.join(', ')}`);
for (const note of notes.slice(0, 5)) console.log(`  note: ${note}`);

/** user+sys seconds of this process and of its waited-for children (Chromium's processes, once closed). */
function treeCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // utime, stime, cutime, cstime are fields 14-17 of stat; here counted from field 3.
  return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) / 100;
}
