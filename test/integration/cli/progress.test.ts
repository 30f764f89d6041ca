// Crawl progress on stderr. The periodic plain lines (every 5 s when stderr is not a terminal) are
// checked on the CrawlProgress class with a captured non-TTY stream and fake timers; the summary
// and exit code through the real CLI.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CrawlProgress } from '../../../src/cli/progress.js';
import type { CrawlSummary } from '../../../src/engine/crawler.js';
import type { CrawlStats } from '../../../src/types/events.js';
import { html, site, trawl, workDir } from './helpers.js';

class Captured extends Writable {
  text = '';
  isTTY = false;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

function stats(done: number, extra: Partial<CrawlStats> = {}): CrawlStats {
  return {
    startedAt: Date.now() - 1000,
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
});

describe('CrawlProgress on a stream that is not a terminal', () => {
  it('writes a plain "trawl: … done · … queued" line every 5 seconds and no escape codes', () => {
    vi.useFakeTimers();
    const out = new Captured();
    const progress = new CrawlProgress(out as unknown as NodeJS.WriteStream, false);
    let done = 0;
    progress.start(() => stats(done, { failed: 1 }));
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
    expect(lines[0]).toMatch(/^trawl: 10 done · 42 queued · 1 failed · [\d.]+ pages\/s · 10 items · 0 errors · /);
    expect(lines[1]).toMatch(/^trawl: 25 done · 42 queued · /);
    expect(out.text).not.toContain('\x1b');
    expect(out.text).not.toContain('\r');
  });

  it('writes nothing periodic when quiet, but still the summary', () => {
    vi.useFakeTimers();
    const out = new Captured();
    const progress = new CrawlProgress(out as unknown as NodeJS.WriteStream, true);
    progress.start(() => stats(5));
    vi.advanceTimersByTime(30_000);
    progress.stop();
    expect(out.text).toBe('');
    const summary: CrawlSummary = { ...stats(5), seconds: 2, stoppedBy: 'finished', failedTotal: 0 };
    progress.summary(summary, [], { name: 'j', named: true });
    expect(out.text).toMatch(/^trawl: finished in 2\.00s: 5 pages, 5 items, 0 failed, 0 retried, /);
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
