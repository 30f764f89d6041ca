// Scaling out: 1, 2, 4 and 8 worker processes on one Redis job against a delay server (an
// I/O-bound crawl: every answer takes --delay ms), C requests in flight per worker, enough
// requests for about --seconds of crawling at the ideal rate. Prints a table (throughput, speed-up,
// efficiency against N x one worker, the machine's CPU use) and writes an SVG chart.
//
// Run: npx tsx bench/scaling.ts [--workers 1,2,4,8] [--seconds 10] [--delay 50] [--c 64] [--svg bench/scaling.svg]
// Needs redis-server (a private one is started on a free port) and a built trawl (npm run build).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDelayServerProcess } from '../src/experiment/server-process.js';
import { delayPath } from '../src/experiment/verify.js';
import { startRedisServer } from '../test/helpers/redis-server.js';

const arg = (name: string, fallback: string): string => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? process.argv[index + 1]! : fallback;
};
const WORKERS = arg('workers', '1,2,4,8').split(',').map(Number);
const SECONDS = Number(arg('seconds', '10'));
const DELAY = Number(arg('delay', '50'));
const C = Number(arg('c', '64'));
const SVG = arg('svg', fileURLToPath(new URL('./scaling.svg', import.meta.url)));
const TRAWL = fileURLToPath(new URL('../bin/trawl.cjs', import.meta.url));

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function cpuTimes(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!;
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

interface Row {
  readonly workers: number;
  readonly requests: number;
  readonly seconds: number;
  readonly rate: number;
  readonly cpu: number;
}

async function runOnce(workers: number, base: string, redisUrl: string, dir: string): Promise<Row> {
  // About SECONDS of work at the ideal rate of `workers` x C / delay.
  const requests = Math.round((SECONDS * workers * C * 1000) / DELAY);
  const list = join(dir, `urls-${workers}.txt`);
  writeFileSync(list, Array.from({ length: requests }, (_, i) => `${base}${delayPath(DELAY, `w${workers}-${i}`)}`).join('\n'));
  const output = join(dir, `out-${workers}.jsonl`);
  const before = cpuTimes();
  const started = performance.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(
      process.execPath,
      [TRAWL, 'crawl', '-i', list, '--depth', '0', '--extract', 'title=h1', '--frontier', redisUrl, '--job', `scale-${workers}-${Date.now()}`,
        '--workers', String(workers), '-c', String(C), '--per-host', '1000000', '--quiet', '-o', output],
      { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  const after = cpuTimes();
  if (code !== 0) throw new Error(`trawl exited ${code} with ${workers} workers`);
  const lines = readFileSync(output, 'utf8').trim().split('\n').length;
  if (lines !== requests) throw new Error(`${workers} workers: ${lines} items for ${requests} requests`);
  return { workers, requests, seconds, rate: requests / seconds, cpu: (after.busy - before.busy) / (after.total - before.total) };
}

function chart(rows: readonly Row[]): string {
  const width = 640;
  const height = 360;
  const left = 70;
  const bottom = 300;
  const top = 50;
  const one = rows[0]!.rate;
  const most = Math.max(...rows.map((row) => Math.max(row.rate, one * row.workers)));
  const x = (i: number): number => left + 60 + (i * (width - left - 150)) / Math.max(1, rows.length - 1);
  const y = (rate: number): number => bottom - ((bottom - top) * rate) / most;
  const ideal = rows.map((row, i) => `${x(i)},${y(one * row.workers)}`).join(' ');
  const measured = rows.map((row, i) => `${x(i)},${y(row.rate)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const rate = most * f;
    return `<line x1="${left}" x2="${width - 20}" y1="${y(rate)}" y2="${y(rate)}" stroke="#eee"/><text x="${left - 6}" y="${y(rate) + 4}" text-anchor="end" font-size="11">${Math.round(rate)}</text>`;
  });
  const labels = rows.map((row, i) => `<text x="${x(i)}" y="${bottom + 18}" text-anchor="middle" font-size="12">${row.workers}</text>` +
    `<circle cx="${x(i)}" cy="${y(row.rate)}" r="4" fill="#1f77b4"/><text x="${x(i)}" y="${y(row.rate) - 10}" text-anchor="middle" font-size="11">${Math.round(row.rate)}/s (${Math.round(row.cpu * 100)}% CPU)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">trawl workers on one Redis job: requests/s (${DELAY} ms answers, C=${C} per worker, ${cpus().length} cores)</text>
${ticks.join('\n')}
<polyline points="${ideal}" fill="none" stroke="#aaa" stroke-dasharray="6 4"/>
<polyline points="${measured}" fill="none" stroke="#1f77b4" stroke-width="2"/>
${labels.join('\n')}
<text x="${width / 2}" y="${bottom + 40}" text-anchor="middle" font-size="12">worker processes</text>
<text x="${left + 10}" y="${top - 8}" font-size="11" fill="#777">dashed: N x one worker's rate</text>
</svg>
`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-scaling-'));
  const redis = await startRedisServer();
  const server = await startDelayServerProcess();
  try {
    console.log(`node ${process.version}, ${cpus().length} cores, delay ${DELAY} ms, C=${C} per worker, about ${SECONDS} s of work per run`);
    const rows: Row[] = [];
    for (const workers of WORKERS) {
      const row = await runOnce(workers, server.url, redis.url, dir);
      rows.push(row);
      console.log(`${workers} worker(s): ${row.requests} requests in ${row.seconds.toFixed(2)} s`);
    }
    const one = rows[0]!.rate;
    console.log('\n| workers | requests | wall s | requests/s | speed-up | efficiency (vs N x one) | machine CPU busy |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      console.log(
        `| ${row.workers} | ${row.requests} | ${row.seconds.toFixed(2)} | ${Math.round(row.rate)} | ${(row.rate / one).toFixed(2)}x | ` +
          `${((row.rate / (one * row.workers)) * 100).toFixed(0)}% | ${(row.cpu * 100).toFixed(0)}% |`,
      );
    }
    writeFileSync(SVG, chart(rows));
    console.log(`\nchart: ${SVG}`);
  } finally {
    await server.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
