// Progress on stderr, one look for crawl, get and stream. The periodic plain lines (every 5 s
// when stderr is not a terminal) and the live rows of a terminal are checked on the display
// classes with a captured stream (a terminal or not) and fake timers; the summary and exit code
// through the real CLI.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GetProgress } from '../../../src/cli/get-progress.js';
import { createHlsProgress } from '../../../src/cli/hls-progress.js';
import { CrawlProgress } from '../../../src/cli/progress.js';
import type { Downloader } from '../../../src/media/get/downloader.js';
import type { CrawlSummary } from '../../../src/engine/crawler.js';
import type { CrawlStats } from '../../../src/types/events.js';
import { html, site, trawl, workDir } from './helpers.js';

class Captured extends Writable {
  text = '';
  isTTY = false;
  columns: number | undefined;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

function stats(done: number, extra: Partial<CrawlStats> = {}): CrawlStats {
  return {
    startedAt: Date.now() - 1000,
    requests: done,
    done,
    failed: 0,
    retried: 0,
    pending: 40,
    inFlight: 2,
    items: done,
    queuedItems: 0,
    files: 0,
    bytes: done * 1000,
    statuses: {},
    errors: {},
    ...extra,
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

function terminal(columns = 100): Captured {
  const out = new Captured();
  out.isTTY = true;
  out.columns = columns;
  return out;
}

const stream = (out: Captured) => out as unknown as NodeJS.WriteStream;
const SGR = /\x1b\[[0-9;]*m/;

describe('CrawlProgress on a stream that is not a terminal', () => {
  it('writes a plain "trawl: crawl …% · … done · … queued" line every 5 seconds and no escape codes', async () => {
    vi.useFakeTimers();
    const out = new Captured();
    const progress = await CrawlProgress.open(out as unknown as NodeJS.WriteStream, 0);
    let done = 0;
    progress.start({ stats: () => stats(done, { failed: 1 }) });
    vi.advanceTimersByTime(4900);
    expect(out.text).toBe('');
    done = 10;
    vi.advanceTimersByTime(200);
    done = 25;
    vi.advanceTimersByTime(5000);
    progress.stop();
    vi.advanceTimersByTime(20_000);
    const lines = out.text.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^trawl: crawl 20% · 10 done · 42 queued · [\d.]+ pages\/s · 10 items · 1 failed · 0 retries · /);
    expect(lines[1]).toMatch(/^trawl: crawl \d+% · 25 done · 42 queued · /);
    expect(out.text).not.toContain('\x1b');
    expect(out.text).not.toContain('\r');
  });

  it('writes nothing periodic when quiet, but still the summary', async () => {
    vi.useFakeTimers();
    const out = new Captured();
    const progress = await CrawlProgress.open(out as unknown as NodeJS.WriteStream, -1);
    progress.start({ stats: () => stats(5) });
    vi.advanceTimersByTime(30_000);
    progress.stop();
    expect(out.text).toBe('');
    const summary: CrawlSummary = { ...stats(5), seconds: 2, stoppedBy: 'finished', failedTotal: 0 };
    progress.summary(summary, [], { name: 'j', named: true });
    expect(out.text).toMatch(/^trawl: finished in 2\.00s: 5 pages, 5 items, 0 failed, 0 retried, /);
  });
});

describe('the live display on a terminal', () => {
  it('draws the crawl row with a bar and bold label, redrawn in place', async () => {
    vi.useFakeTimers();
    vi.stubEnv('NO_COLOR', '');
    const out = terminal();
    const progress = await CrawlProgress.open(stream(out), 0);
    progress.start({ stats: () => stats(10) });
    vi.advanceTimersByTime(1000);
    progress.stop();
    expect(out.text).toMatch(/crawl .*█.*░.* \d+% · 10 done · 42 queued · /);
    expect(out.text).toMatch(SGR);
  });

  it('writes no colour or style code with NO_COLOR, and still redraws its row', async () => {
    vi.useFakeTimers();
    vi.stubEnv('NO_COLOR', '1');
    const out = terminal();
    const progress = await CrawlProgress.open(stream(out), 0);
    progress.start({ stats: () => stats(10, { failed: 2 }) });
    vi.advanceTimersByTime(1000);
    progress.note('failed: http://x/: HTTP 404');
    vi.advanceTimersByTime(1000);
    progress.stop();
    expect(out.text).toContain('crawl');
    expect(out.text).toContain('2 failed');
    expect(out.text).not.toMatch(SGR);
    expect(out.text).not.toContain('\x1b[?25l');
    // Redrawn in place: the cursor goes back to the row's start.
    expect(out.text).toMatch(/\x1b\[\d*G|\r/);
  });

  it('adds a row per host on a wide terminal, and --auto-throttle\'s state with -v', async () => {
    const feed = (progress: CrawlProgress) => {
      for (const url of ['http://a.example/1', 'http://a.example/2', 'http://b.example/1']) progress.event({ type: 'request', url, method: 'GET', status: 200, ms: 20 });
    };
    const throttle = () => [{ origin: 'http://a.example', limit: 4, inFlight: 3, delayMs: 120, latencyMs: 80 }];
    const narrow = await CrawlProgress.open(stream(terminal(80)), 0);
    feed(narrow);
    expect(narrow.rows(stats(3)).map((row) => row.label)).toEqual(['crawl']);
    const wide = await CrawlProgress.open(stream(terminal(160)), 0);
    wide.start({ stats: () => stats(3), throttle });
    feed(wide);
    const rows = wide.rows(stats(3));
    wide.stop();
    expect(rows.map((row) => row.label)).toEqual(['crawl', 'a.example', 'b.example']);
    expect(rows[1]!.info).toMatch(/^2 requests · /);
    expect(rows[1]!.info).not.toContain('in flight');
    const verbose = await CrawlProgress.open(stream(new Captured()), 1);
    verbose.start({ stats: () => stats(3), throttle });
    feed(verbose);
    const verboseRows = verbose.rows(stats(3));
    verbose.stop();
    expect(verboseRows[1]!.info).toContain('3/4 in flight, 120 ms delay, 80 ms latency');
  });
});

describe('one look for get and stream', () => {
  it('writes get\'s plain line as the crawl\'s: label, percent, then the figures', async () => {
    vi.useFakeTimers();
    const out = new Captured();
    const progress = new GetProgress(stream(out), 0);
    const downloader = {
      stats: { startedAt: Date.now(), total: 3, ok: 1, skipped: 0, failed: 0, active: 1, bytes: 5000 },
      active: () => [{ url: 'http://x/b', name: 'b', have: 500, total: 1000, ranges: 1 }],
    } as unknown as Downloader;
    await progress.start(downloader);
    vi.advanceTimersByTime(5100);
    progress.stop();
    expect(out.text).toMatch(/^trawl: get 50% · 1\/3 files · 4\.9 KB · /m);
  });

  it('writes a stream track\'s plain line the same way', async () => {
    vi.useFakeTimers();
    const out = new Captured();
    const progress = await createHlsProgress(stream(out), 0);
    progress.event({ type: 'track-start', track: 'main', output: '/tmp/v.ts', segments: 10, live: false });
    progress.event({
      type: 'progress',
      progress: { track: 'main', output: '/tmp/v.ts', segmentsDone: 4, segmentsTotal: 10, totalKnown: true, bytesWritten: 4096, bytesFetched: 4096, segmentsResumed: 0, bytesResumed: 0, startedAt: Date.now() - 1000 },
    });
    vi.advanceTimersByTime(5100);
    progress.stop();
    expect(out.text).toMatch(/^trawl: main 40% · 4\/10 segments · 4\.0 KB · /m);
  });
});

describe('trawl crawl summary', () => {
  it('ends with the summary line on stderr and exit code 0, with or without --quiet', async () => {
    const server = await site({ '/': html('<a href="/a">a</a>'), '/a': html('a') });
    for (const quiet of [[], ['--quiet']]) {
      const result = await trawl(workDir(), ['crawl', `${server.url}/`, '--extract', 'b=body', ...quiet]);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^trawl: finished in [\d.]+m?s: 2 pages, 2 items, 0 failed, 0 retried, .* pages\/s$/);
    }
  });
});
