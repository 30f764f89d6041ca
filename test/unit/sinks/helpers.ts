// Test helpers for the sink tests: a strict RFC 4180 reader and temp folders.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Reads RFC 4180 text strictly: records end in CRLF, a quoted field may hold anything with
 * quotes doubled, and a bare CR, LF or quote outside quotes is an error (so a writer that gets
 * line ends or quoting wrong fails the test instead of being read leniently).
 */
export function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote at ${i}`);
        field += text[i];
        i++;
      }
    }
    row.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      continue;
    }
    if (i >= text.length) throw new Error('last record is not ended by CRLF');
    throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-sinks-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Items whose text needs every kind of care: commas, quotes, line ends, CJK, emoji. */
export function sampleItems(count: number, from = 0): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let n = from; n < from + count; n++) {
    items.push({
      id: n,
      title: n % 3 === 0 ? `商品 ${n}, "特价"` : n % 3 === 1 ? `line one\r\nline two ${n}` : `plain ${n} 🐟\n`,
      price: n * 1.5,
      ok: n % 2 === 0,
    });
  }
  return items;
}
