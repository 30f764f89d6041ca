// Benchmark: stream N small items (url, Chinese title, price) through a dataset sink in batches
// of 500, and show that memory stays flat however many items are written.
//   npx tsx bench/export-10m.ts [N=10000000] [jsonl|csv|json]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSink } from '../src/sinks/index.js';
import { formatBytes, formatDuration } from '../src/util/bytes.js';

const BATCH = 500;
const count = Number((process.argv[2] ?? '10000000').replaceAll('_', ''));
const format = process.argv[3] ?? 'jsonl';
if (!Number.isSafeInteger(count) || count <= 0 || !['jsonl', 'csv', 'json'].includes(format)) {
  console.error('usage: npx tsx bench/export-10m.ts [N] [jsonl|csv|json]');
  process.exit(2);
}

/** Peak resident set size the kernel recorded for this process (Linux), in bytes. */
function vmHwm(): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'trawl-bench-'));
const path = join(dir, `items.${format}`);
try {
  const sink = createSink(path);
  await sink.open(undefined);
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const started = performance.now();
  for (let done = 0, batchNo = 0; done < count; batchNo++) {
    const size = Math.min(BATCH, count - done);
    const batch = new Array<Record<string, unknown>>(size);
    for (let i = 0; i < size; i++) {
      const n = done + i;
      batch[i] = { url: `https://shop.example/item/${n}`, title: `商品 ${n} 号, "特价"`, price: (n % 10000) / 100 };
    }
    sink.write(batch);
    done += size;
    if (batchNo % 20 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  await sink.close();
  const seconds = (performance.now() - started) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const bytes = statSync(path).size;
  const hwm = vmHwm();
  console.log(
    [
      `format        ${format}`,
      `items         ${count.toLocaleString('en')} in batches of ${BATCH}`,
      `time          ${formatDuration(seconds * 1000)}`,
      `items/s       ${Math.round(count / seconds).toLocaleString('en')}`,
      `written       ${formatBytes(bytes)} (${formatBytes(bytes / seconds)}/s)`,
      `RSS at start  ${formatBytes(startRss)}`,
      `peak RSS      ${formatBytes(peakRss)} (sampled every ${20 * BATCH} items)`,
      `VmHWM         ${hwm === undefined ? 'n/a' : formatBytes(hwm)} (kernel high-water mark, whole process)`,
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
