// Memory of a sitemap read as a stream: a generated 1,000,000-URL sitemap (gzipped, served by a
// plain file server in a child process, so serving costs nothing in this one) is read twice:
//   read   readSitemaps alone, counting entries (the reader's own memory)
//   feed   addSitemapStarts into a SQLite frontier on disk (what `trawl crawl --sitemap` does)
// Prints time, URLs/s and RSS (start, peak, end) for each. Run: npx tsx bench/sitemap-1m.ts [N]
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { openSqliteFrontier } from '../src/frontier/index.js';
import { Fetcher } from '../src/http/fetcher.js';
import { addSitemapStarts, readSitemaps } from '../src/sitemap/index.js';

const N = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'trawl-sitemap-bench-'));
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function writeSitemap(path: string): Promise<void> {
  const gzip = createGzip();
  const done = once(gzip.pipe(createWriteStream(path)), 'finish');
  const write = async (text: string): Promise<void> => {
    if (!gzip.write(text)) await once(gzip, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n');
  for (let i = 0; i < N; i += 1) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await write(`<url><loc>https://shop.example.test/catalogue/item-${i}.html?ref=${i % 97}</loc><lastmod>2024-03-${day}</lastmod></url>\n`);
  }
  await write('</urlset>\n');
  gzip.end();
  await done;
}

/** A file server in its own process: the bench process holds only the reader's memory. */
async function serve(path: string): Promise<{ url: string; stop(): void }> {
  const source = `
    const { createServer } = require('node:http');
    const { createReadStream } = require('node:fs');
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(${JSON.stringify(path)}).pipe(res);
    }).listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${chunk.toString().trim()}/sitemap.xml.gz`, stop: () => child.kill() };
}

async function measure(label: string, run: () => Promise<number>): Promise<void> {
  globalThis.gc?.();
  const start = process.memoryUsage().rss;
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const began = performance.now();
  const count = await run();
  const ms = performance.now() - began;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${label}: ${count.toLocaleString('en-US')} URLs in ${(ms / 1000).toFixed(1)} s ` +
      `(${Math.round(count / (ms / 1000)).toLocaleString('en-US')}/s); RSS start ${mb(start)}, peak ${mb(peak)} (+${mb(peak - start)}), end ${mb(process.memoryUsage().rss)}`,
  );
}

const file = join(dir, 'sitemap.xml.gz');
await writeSitemap(file);
console.log(`sitemap: ${N.toLocaleString('en-US')} URLs, ${mb(statSync(file).size)} gzipped`);
const server = await serve(file);
const fetcher = new Fetcher({ maxRetries: 0, bodyTimeoutMs: 0 });
try {
  await measure('read', async () => {
    let count = 0;
    for await (const entry of readSitemaps([server.url], fetcher)) if (entry.url.length > 0) count += 1;
    return count;
  });
  const frontier = openSqliteFrontier(join(dir, 'frontier.db'));
  await measure('feed', async () => (await addSitemapStarts(frontier, [server.url], fetcher)).added);
  console.log(`frontier: ${(await frontier.counts()).pending.toLocaleString('en-US')} pending`);
  await frontier.close();
} finally {
  await fetcher.close();
  server.stop();
  rmSync(dir, { recursive: true, force: true });
}
