// `trawl demo`: starts the bundled demo site and runs every classic job (examples/*.ts) against
// it at once, with live progress; then runs the same jobs again one request at a time and
// prints both timings side by side: the lesson's serial-vs-async comparison, measured. The
// sniffed-stream job (examples/player.ts) runs too when Chromium is installed.
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Crawler, type CrawlSummary } from '../../engine/crawler.js';
import { toCrawlRequest } from '../../engine/requests.js';
import { spiderRouter, type SpiderDefinition } from '../../engine/spider.js';
import { createMemoryFrontier } from '../../frontier/index.js';
import { createSink } from '../../sinks/index.js';
import type { CrawlStats } from '../../types/events.js';
import { intOption } from '../parse-options.js';
import { DemoBoard, type JobRow } from '../demo-board.js';
import { exampleFile } from '../examples.js';
import { loadSpider } from './run.js';
import { ensureDirSync } from '../../util/ensure-dir.js';
import { BROWSER_ENV, findBrowser } from '../../browser/launch.js';
import { formatBytes } from '../../util/bytes.js';
import { BrowserNotFoundError } from '../../errors/browser-not-found-error.js';

/** The jobs, in the order the lessons teach them; the last one needs Chromium. */
const JOBS = ['video', 'gallery', 'prices', 'novel', 'hls'] as const;
const BROWSER_JOB = 'player';

interface JobRun {
  readonly name: string;
  readonly spider: SpiderDefinition;
}

export async function demoCommand(options: Record<string, unknown>): Promise<number> {
  const latencyMs = intOption('--latency', options.latency, 0) ?? 30;
  const out = resolve(typeof options.out === 'string' ? options.out : 'trawl-demo');
  const serial = options.serial !== false;
  const jobs: JobRun[] = [];
  for (const name of JOBS) jobs.push({ name, spider: await loadSpider(exampleFile(name)) });
  const browserMissing = chromiumMissing();
  const browserJob: JobRun | undefined = browserMissing ? undefined : { name: BROWSER_JOB, spider: await loadSpider(exampleFile(BROWSER_JOB)) };

  const { startDemoServer, galleryImages, galleryImageBytes, GALLERY_PAGES } = await import('../../demo/index.js');
  // The site draws its images on first request; draw them now so that the timings measure the
  // crawler, not the demo site's PNG encoder.
  for (let page = 1; page <= GALLERY_PAGES; page++) for (const image of galleryImages(page)) galleryImageBytes(image.name);
  const server = await startDemoServer({ port: 0, latencyMs });
  const board = new DemoBoard(process.stderr, [...jobs, ...(browserJob ? [browserJob] : [])].map((job) => job.name));
  board.note(`demo site on ${server.url}/ (every answer waits ${latencyMs} ms, like a distant site); output in ${out}`);
  if (browserMissing) board.note(`the ${BROWSER_JOB} job (a stream found by a browser) is skipped: ${browserMissing}`);
  try {
    rmSync(out, { recursive: true, force: true });
    ensureDirSync(out);
    board.note('running every job at once…');
    const started = Date.now();
    const results = await Promise.all(
      jobs.map((job) => runJob(job, server.url, join(out, job.name), undefined, (stats, done) => board.update(job.name, stats, done))),
    );
    const asyncSeconds = (Date.now() - started) / 1000;
    board.finish();

    let serialResults: CrawlSummary[] | undefined;
    let serialSeconds: number | undefined;
    if (serial) {
      board.note('the same jobs again, one request at a time (--no-serial skips this)…');
      const scratch = await mkdtemp(join(tmpdir(), 'trawl-demo-serial-'));
      try {
        const serialStart = Date.now();
        serialResults = [];
        for (const job of jobs) serialResults.push(await runJob(job, server.url, join(scratch, job.name), 1, () => undefined));
        serialSeconds = (Date.now() - serialStart) / 1000;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    const rows: JobRow[] = jobs.map((job, i) => ({
      name: job.name,
      summary: results[i]!,
      serialSeconds: serialResults?.[i]?.seconds,
    }));
    process.stdout.write(DemoBoard.table(rows, asyncSeconds, serialSeconds, out));
    let failed = results.reduce((sum, summary) => sum + summary.failedTotal, 0);
    // Apart from the comparison: a browser's start-up would swamp the timings of the others.
    if (browserJob) {
      board.note(`the ${BROWSER_JOB} job: the page's script requests its stream; finding it in headless Chromium…`);
      const summary = await runJob(browserJob, server.url, join(out, BROWSER_JOB), undefined, (stats, done) => board.update(BROWSER_JOB, stats, done));
      board.finish();
      failed += summary.failedTotal;
      process.stdout.write(
        `${BROWSER_JOB}: a stream no HTML names, found in headless Chromium and downloaded with the browser's Referer and cookies: ` +
          `${summary.items} item, ${summary.files} file, ${formatBytes(summary.bytes)} in ${summary.seconds.toFixed(2)} s -> ${join(out, BROWSER_JOB)}\n`,
      );
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await server.close();
  }
}

/** Runs one example spider against the demo site; `concurrency` 1 makes it strictly serial. */
async function runJob(
  job: JobRun,
  base: string,
  dir: string,
  concurrency: number | undefined,
  onProgress: (stats: CrawlStats, done: boolean) => void,
): Promise<CrawlSummary> {
  const settings = job.spider.settings ?? {};
  ensureDirSync(dir);
  const router = spiderRouter(job.spider);
  const c = concurrency ?? settings.concurrency ?? 16;
  const crawler = new Crawler({
    router,
    frontier: createMemoryFrontier(),
    fetch: { concurrency: c, perHost: c, ...(settings.headers ? { headers: settings.headers } : {}) },
    ...(settings.output
      ? { sink: createSink(join(dir, settings.output), settings.fields ? { columns: settings.fields } : {}) }
      : {}),
    filesDir: join(dir, 'files'),
  });
  const starts = job.spider.start ? await job.spider.start({ base }) : (job.spider.startUrls ?? []);
  await crawler.frontier.add(
    starts.map((input, index) => toCrawlRequest(input, { depth: 0, base: `${base}/`, place: `${job.name}: start URL ${index + 1}` })),
  );
  const timer = setInterval(() => onProgress(crawler.stats, false), 100);
  try {
    const summary = await crawler.run();
    onProgress(summary, true);
    return summary;
  } finally {
    clearInterval(timer);
  }
}

/** Why the browser job cannot run ('' when Chromium is there). */
function chromiumMissing(): string {
  try {
    findBrowser();
    return '';
  } catch (error) {
    return error instanceof BrowserNotFoundError ? `no Chromium at ${error.path}; apt-get install chromium (or set ${BROWSER_ENV})` : String(error);
  }
}
