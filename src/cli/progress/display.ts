// The one progress look of trawl's commands (crawl, run, worker, get, stream, hls), on stderr.
// Each command describes what it is doing as rows — a label, a value out of a total, and a line
// of info ("120 done · 45.2 pages/s · 3 failed") — and this module shows them:
//
//   a terminal:  live rows drawn by cli-progress, redrawn in place; notes scroll above them
//                crawl       ████████░░░░░░░░░░░░░░░░  34% · 120 done · 45.2 pages/s · …
//                  host.example      80 requests · 30.1/s · 4/8 in flight …
//   otherwise:   a plain line every few seconds, the same words:  trawl: crawl 34% · 120 done · …
//   quiet:       nothing but notes.
//
// NO_COLOR (any value) turns off colours and the hidden cursor; the live rows still redraw.
// cli-progress is loaded only when a terminal will show it.
import type { MultiBar, SingleBar } from 'cli-progress';

export interface Row {
  readonly label: string;
  /** Rows without a bar are one line of info under the bars (hosts, workers). */
  readonly bar: boolean;
  readonly value: number;
  readonly total: number;
  readonly info: string;
}

/** Width of a row's label column. */
const LABEL_WIDTH = 12;
/** Seconds between plain lines when stderr is not a terminal. */
export const PLAIN_INTERVAL_MS = 5000;
/** How often a live display is refreshed. */
export const LIVE_INTERVAL_MS = 200;

export interface DisplayOptions {
  readonly quiet: boolean;
  /** Colours; undefined: when the stream is a terminal and NO_COLOR is not set. */
  readonly color?: boolean;
}

/** Whether colours may be used on `out` (a terminal, and no NO_COLOR). */
export function colorAllowed(out: NodeJS.WriteStream): boolean {
  return out.isTTY === true && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

export class ProgressDisplay {
  /** Rows are drawn live (a terminal that is not quiet). */
  readonly live: boolean;
  readonly color: boolean;
  readonly #out: NodeJS.WriteStream;
  readonly #multi: MultiBar | undefined;
  readonly #bars = new Map<string, SingleBar>();

  private constructor(out: NodeJS.WriteStream, live: boolean, color: boolean, multi: MultiBar | undefined) {
    this.#out = out;
    this.live = live;
    this.color = color;
    this.#multi = multi;
  }

  static async open(out: NodeJS.WriteStream, options: DisplayOptions): Promise<ProgressDisplay> {
    const live = out.isTTY === true && !options.quiet;
    const color = live && (options.color ?? colorAllowed(out));
    if (!live) return new ProgressDisplay(out, false, false, undefined);
    // A CommonJS module: its exports may come as `default` once bundled.
    const loaded = (await import('cli-progress')) as typeof import('cli-progress') & { default?: typeof import('cli-progress') };
    const Bars = loaded.MultiBar ?? loaded.default!.MultiBar;
    const multi = new Bars({
      stream: out,
      format: '{label} {bar} {percentage}% · {info}',
      barsize: 24,
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: color,
      gracefulExit: false,
      clearOnComplete: true,
      fps: 1000 / LIVE_INTERVAL_MS,
    });
    return new ProgressDisplay(out, true, color, multi);
  }

  /** Adds or updates row `key`; rows keep the order they were first set in. */
  set(key: string, row: Row): void {
    if (!this.#multi) return;
    const payload = { label: this.#label(row), info: row.info };
    const total = Math.max(1, row.total);
    let bar = this.#bars.get(key);
    if (!bar) {
      bar = this.#multi.create(total, Math.min(row.value, total), payload, row.bar ? {} : { format: '{label} {info}' });
      this.#bars.set(key, bar);
    }
    bar.setTotal(total);
    bar.update(Math.min(row.value, total), payload);
  }

  /** Removes the rows whose keys are not in `keep` (among those starting with `prefix`). */
  prune(prefix: string, keep: ReadonlySet<string>): void {
    for (const [key, bar] of this.#bars) {
      if (!key.startsWith(prefix) || keep.has(key)) continue;
      this.#multi?.remove(bar);
      this.#bars.delete(key);
    }
  }

  /** A line of its own (a note, a failure): above the live rows, or as it is. */
  log(line: string): void {
    const text = line.endsWith('\n') ? line : `${line}\n`;
    if (this.#multi && this.#bars.size > 0) {
      this.#multi.log(text);
      this.#multi.update();
    } else {
      this.#out.write(text);
    }
  }

  /** Plain lines for a log or CI: `trawl: <label> <percent> · <info>`, rows without bars indented. */
  plain(rows: readonly Row[]): void {
    const lines = rows.map((row) => `trawl: ${row.bar ? `${row.label} ${percent(row)}% · ` : `  ${row.label} `}${row.info}`);
    if (lines.length > 0) this.#out.write(`${lines.join('\n')}\n`);
  }

  /** Clears the live rows (the summary follows in their place). */
  stop(): void {
    if (!this.#multi) return;
    this.#multi.stop();
    this.#bars.clear();
  }

  /** Bold, when colours are on. */
  strong(text: string): string {
    return this.color ? `\x1b[1m${text}\x1b[22m` : text;
  }

  /** Red, when colours are on (failures). */
  alarm(text: string): string {
    return this.color ? `\x1b[31m${text}\x1b[39m` : text;
  }

  #label(row: Row): string {
    const text = fit(row.label, row.bar ? LABEL_WIDTH : LABEL_WIDTH + 6);
    return row.bar ? this.strong(text) : `  ${text}`;
  }
}

export function percent(row: Row): number {
  return row.total > 0 ? Math.min(100, Math.floor((row.value * 100) / row.total)) : 0;
}

/** `text` cut or padded to `width` characters. */
export function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text.padEnd(width) : `${chars.slice(0, width - 1).join('')}…`;
}

/** Joins the non-empty parts of an info line. */
export function info(...parts: readonly (string | false | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join(' · ');
}
