// CSV output per RFC 4180: CRLF line ends, a header record, fields holding a comma, quote, CR or
// LF quoted with inner quotes doubled; optional UTF-8 BOM for Excel. The columns are fixed when
// the header is written (from options, else the first item's keys) and kept in the checkpoint,
// so a resumed run writes rows in the same order under the same header.
import { OptionError } from '../errors/index.js';
import type { Item } from '../types/sink.js';
import { type CheckpointState, FileSink } from './file-sink.js';
import { parseSinkOptions, type SinkOptions } from './options.js';

const NEEDS_QUOTES = /[",\r\n]/;
const BOM = '\uFEFF';

export class CsvSink extends FileSink {
  readonly format = 'csv';
  readonly #options: SinkOptions;
  #columns: readonly string[] | undefined;
  #columnSet = new Set<string>();
  #warned = false;

  constructor(path: string, options?: SinkOptions) {
    super(path);
    this.#options = parseSinkOptions(options);
  }

  /** The columns in use, once known. */
  get columns(): readonly string[] | undefined {
    return this.#columns;
  }

  protected override begin(): void {
    this.#columns = undefined;
    this.#warned = false;
    let preamble = this.#options.bom ? BOM : '';
    if (this.#options.columns) preamble += this.#useColumns(this.#options.columns);
    if (preamble) this.append(preamble);
  }

  protected override restore(state: CheckpointState): void {
    this.#warned = false;
    const saved = state['columns'];
    const wanted = this.#options.columns;
    if (saved === null || saved === undefined) {
      this.#columns = undefined;
      // No header was written before the checkpoint: columns given now can still take effect.
      if (wanted) this.append(this.#useColumns(wanted));
      return;
    }
    if (!Array.isArray(saved) || !saved.every((c): c is string => typeof c === 'string')) {
      throw this.checkpointError(JSON.stringify(saved), 'holds no valid CSV columns');
    }
    if (wanted && (wanted.length !== saved.length || wanted.some((c, i) => c !== saved[i]))) {
      throw new OptionError(
        'columns',
        wanted,
        `differ from the columns already written to ${this.path} (${saved.join(', ')}); ` +
          'resume with the same columns or start the export afresh',
      );
    }
    this.#columns = saved;
    this.#columnSet = new Set(saved);
  }

  protected override checkpointExtra(): Record<string, unknown> {
    return { columns: this.#columns ?? null };
  }

  protected render(items: readonly Item[]): string {
    let text = '';
    let columns = this.#columns;
    if (columns === undefined) {
      const first = items[0];
      if (typeof first !== 'object' || first === null) throw this.itemError(0, new TypeError('an item must be an object'));
      text = this.#useColumns(Object.keys(first));
      columns = this.#columns as readonly string[];
    }
    if (!this.#warned) this.#checkDropped(items);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item !== 'object' || item === null) throw this.itemError(i, new TypeError('an item must be an object'));
      let line = '';
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) line += ',';
        line += this.#field(item[columns[c] as string], i);
      }
      text += `${line}\r\n`;
    }
    return text;
  }

  /** Fixes the columns and returns the header record. */
  #useColumns(columns: readonly string[]): string {
    this.#columns = [...columns];
    this.#columnSet = new Set(columns);
    return `${columns.map(quote).join(',')}\r\n`;
  }

  #checkDropped(items: readonly Item[]): void {
    const dropped = new Set<string>();
    for (const item of items) {
      if (typeof item !== 'object' || item === null) continue;
      for (const key in item) if (Object.hasOwn(item, key) && !this.#columnSet.has(key)) dropped.add(key);
    }
    if (dropped.size === 0) return;
    this.#warned = true;
    this.#options.onWarning?.(
      `${this.path}: dropping fields that are not CSV columns (${[...dropped].join(', ')}); ` +
        `columns are ${this.#columns?.join(', ')}. Name every column to keep them (this warning is shown once)`,
    );
  }

  #field(value: unknown, index: number): string {
    switch (typeof value) {
      case 'string':
        return quote(value);
      case 'number':
      case 'boolean':
      case 'bigint':
        return String(value);
      case 'object': {
        if (value === null) return '';
        if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
        let json: string | undefined;
        try {
          json = JSON.stringify(value);
        } catch (error) {
          throw this.itemError(index, error);
        }
        return json === undefined ? '' : quote(json);
      }
      default:
        // undefined, and the functions and symbols JSON would drop as well.
        return '';
    }
  }
}

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
