// Writes the option tables made from the options schema into README.md and README.zh-CN.md,
// between their `options:begin` / `options:end` markers. Run after changing an option:
//   npx tsx scripts/options-table.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { optionsTable, TABLE_END, TABLE_START } from '../src/config/options-table.js';

for (const name of ['README.md', 'README.zh-CN.md']) {
  const path = fileURLToPath(new URL(`../${name}`, import.meta.url));
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(TABLE_START);
  const end = text.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`${name}: no ${TABLE_START} … ${TABLE_END} markers`);
  writeFileSync(path, `${text.slice(0, start)}${optionsTable()}${text.slice(end + TABLE_END.length)}`);
  process.stdout.write(`${name}: option tables written\n`);
}
