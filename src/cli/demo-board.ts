// The `trawl demo` display: one live row per job on a terminal, in the progress look of the
// other commands (./progress/display.ts; a line per finished job otherwise), then the summary
// table comparing the concurrent run with the serial one. A job's requests are every HTTP
// request it sent: pages, API calls, downloads, playlists, keys and segments.
import type { CrawlSummary } from '../engine/crawler.js';
import type { CrawlStats } from '../types/events.js';
import { formatBytes } from '../util/bytes.js';
import { info, ProgressDisplay } from './progress/display.js';

export interface JobRow {
  readonly name: string;
  readonly summary: CrawlSummary;
  /** Seconds the same job took one request at a time (undefined when skipped). */
  readonly serialSeconds: number | undefined;
}

interface Totals {
  readonly requests: number;
  readonly items: number;
  readonly files: number;
  readonly bytes: number;
}

export class DemoBoard {
  readonly #out: NodeJS.WriteStream;
  readonly #display: ProgressDisplay;

  private constructor(out: NodeJS.WriteStream, display: ProgressDisplay) {
    this.#out = out;
    this.#display = display;
  }

  static async open(out: NodeJS.WriteStream): Promise<DemoBoard> {
    return new DemoBoard(out, await ProgressDisplay.open(out, { quiet: false }));
  }

  note(message: string): void {
    this.#display.log(`trawl: ${message}`);
  }

  update(name: string, stats: CrawlStats, done: boolean): void {
    const seconds = (Date.now() - stats.startedAt) / 1000;
    const line = info(
      done ? 'done' : 'running',
      `${stats.requests} requests`,
      `${stats.items} items`,
      `${stats.files} files`,
      formatBytes(stats.bytes),
      `${seconds.toFixed(2)}s`,
      stats.failed > 0 && this.#display.alarm(`${stats.failed} failed`),
    );
    if (this.#display.live) {
      this.#display.set(name, { label: name, bar: false, value: 0, total: 0, info: line });
    } else if (done) {
      this.#out.write(`trawl: ${name} ${line}\n`);
    }
  }

  finish(): void {
    this.#display.stop();
  }

  /** The final table (stdout). */
  /** `served`: the requests the demo site answered during the concurrent pass. */
  static table(rows: readonly JobRow[], asyncSeconds: number, serialSeconds: number | undefined, out: string, served: number): string {
    const head = ['job', 'requests', 'items', 'files', 'bytes', 'seconds', 'serial s'];
    const cells = (name: string, summary: Totals, seconds: number, serial: number | undefined): string[] => [
      name,
      String(summary.requests),
      String(summary.items),
      String(summary.files),
      formatBytes(summary.bytes),
      seconds.toFixed(2),
      serial === undefined ? '-' : serial.toFixed(2),
    ];
    const body = rows.map((row) => cells(row.name, row.summary, row.summary.seconds, row.serialSeconds));
    const total = (pick: (summary: Totals) => number): number => rows.reduce((sum, row) => sum + pick(row.summary), 0);
    const totals: Totals = {
      requests: total((s) => s.requests),
      items: total((s) => s.items),
      files: total((s) => s.files),
      bytes: total((s) => s.bytes),
    };
    body.push(cells('all', totals, asyncSeconds, serialSeconds));
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
    const line = (values: readonly string[]): string =>
      values.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    const rule = widths.map((w) => '-'.repeat(w)).join('  ');
    const notes = [
      '',
      serialSeconds === undefined
        ? `all five jobs together: ${asyncSeconds.toFixed(2)} s (serial pass skipped: --no-serial)`
        : `all five jobs together: ${asyncSeconds.toFixed(2)} s; one request at a time: ${serialSeconds.toFixed(2)} s ` +
          `(${(serialSeconds / asyncSeconds).toFixed(1)}x longer)`,
      `requests: every HTTP request a job sent (pages, API calls, downloads, playlists, keys, segments); the demo site answered ${served} in all.`,
      'seconds: the jobs ran at the same time in one process, each with its own concurrency (examples/*.ts);',
      serialSeconds === undefined
        ? 'serial s: skipped (--no-serial).'
        : 'serial s: measured: the same jobs run again one request at a time, one job after another.',
      `outputs: ${out}`,
    ];
    return `${[line(head), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)].join('\n')}\n${notes.join('\n')}\n`;
  }
}
