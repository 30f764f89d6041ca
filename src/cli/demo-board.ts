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
    const head = ['job', 'requests', 'items', 'files', 'bytes', 'seconds', 'serial s', 'speed-up'];
    const body = rows.map((row) => [
      row.name,
      String(row.summary.done),
      String(row.summary.items),
      String(row.summary.files),
      formatBytes(row.summary.bytes),
      row.summary.seconds.toFixed(2),
      row.serialSeconds === undefined ? '-' : row.serialSeconds.toFixed(2),
      row.serialSeconds === undefined ? '-' : `${(row.serialSeconds / row.summary.seconds).toFixed(1)}x`,
    ]);
    const total = (pick: (row: JobRow) => number): number => rows.reduce((sum, row) => sum + pick(row), 0);
    body.push([
      'all',
      String(total((r) => r.summary.done)),
      String(total((r) => r.summary.items)),
      String(total((r) => r.summary.files)),
      formatBytes(total((r) => r.summary.bytes)),
      asyncSeconds.toFixed(2),
      serialSeconds === undefined ? '-' : serialSeconds.toFixed(2),
      serialSeconds === undefined ? '-' : `${(serialSeconds / asyncSeconds).toFixed(1)}x`,
    ]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
    const line = (cells: readonly string[]): string =>
      cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    const rule = widths.map((w) => '-'.repeat(w)).join('  ');
    const notes = [
      '',
      'seconds: every job ran at the same time, each with its own concurrency (examples/*.ts settings);',
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
