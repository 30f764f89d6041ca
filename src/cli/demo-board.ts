// The `trawl demo` display: one live line per job on a terminal (a line per finished job
// otherwise), then the summary table comparing the concurrent run with the serial one.
import type { CrawlSummary } from '../engine/crawler.js';
import type { CrawlStats } from '../types/events.js';
import { formatBytes } from '../util/bytes.js';

export interface JobRow {
  readonly name: string;
  readonly summary: CrawlSummary;
  /** Seconds the same job took one request at a time (undefined when skipped). */
  readonly serialSeconds: number | undefined;
}

interface Totals {
  readonly done: number;
  readonly items: number;
  readonly files: number;
  readonly bytes: number;
}

export class DemoBoard {
  readonly #tty: boolean;
  readonly #lines = new Map<string, string>();
  #drawn = 0;
  #finished = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    names: readonly string[],
  ) {
    this.#tty = out.isTTY === true;
    for (const name of names) this.#lines.set(name, `${name.padEnd(8)} waiting`);
  }

  note(message: string): void {
    this.#clear();
    this.out.write(`trawl: ${message}\n`);
    this.#draw();
  }

  update(name: string, stats: CrawlStats, done: boolean): void {
    const seconds = (Date.now() - stats.startedAt) / 1000;
    const line =
      `${name.padEnd(8)} ${done ? 'done   ' : 'running'} ${String(stats.done).padStart(4)} requests · ` +
      `${stats.items} items · ${stats.files} files · ${formatBytes(stats.bytes)} · ${seconds.toFixed(2)}s` +
      (stats.failed > 0 ? ` · ${stats.failed} failed` : '');
    this.#lines.set(name, line);
    if (this.#tty) {
      this.#clear();
      this.#draw();
    } else if (done) {
      this.out.write(`trawl: ${line}\n`);
    }
  }

  finish(): void {
    this.#clear();
    this.#finished = true;
  }

  /** The final table (stdout). */
  static table(rows: readonly JobRow[], asyncSeconds: number, serialSeconds: number | undefined, out: string): string {
    const head = ['job', 'requests', 'items', 'files', 'bytes', 'seconds', 'serial s'];
    const cells = (name: string, summary: Totals, seconds: number, serial: number | undefined): string[] => [
      name,
      String(summary.done),
      String(summary.items),
      String(summary.files),
      formatBytes(summary.bytes),
      seconds.toFixed(2),
      serial === undefined ? '-' : serial.toFixed(2),
    ];
    const body = rows.map((row) => cells(row.name, row.summary, row.summary.seconds, row.serialSeconds));
    const total = (pick: (summary: Totals) => number): number => rows.reduce((sum, row) => sum + pick(row.summary), 0);
    const totals: Totals = {
      done: total((s) => s.done),
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
      'seconds: the jobs ran at the same time in one process, each with its own concurrency (examples/*.ts);',
      serialSeconds === undefined
        ? 'serial s: skipped (--no-serial).'
        : 'serial s: measured: the same jobs run again one request at a time, one job after another.',
      `outputs: ${out}`,
    ];
    return `${[line(head), rule, ...body.slice(0, -1).map(line), rule, line(body.at(-1)!)].join('\n')}\n${notes.join('\n')}\n`;
  }

  #draw(): void {
    if (!this.#tty || this.#finished) return;
    const lines = [...this.#lines.values()];
    this.out.write(`${lines.join('\n')}\n`);
    this.#drawn = lines.length;
  }

  #clear(): void {
    if (!this.#tty || this.#drawn === 0) return;
    this.out.write(`\x1b[${this.#drawn}A\x1b[0J`);
    this.#drawn = 0;
  }
}
