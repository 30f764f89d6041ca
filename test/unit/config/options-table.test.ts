// The READMEs' option tables are the ones the options schema makes (scripts/options-table.ts
// writes them): an option added, renamed or given another default shows in both READMEs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { optionsTable, TABLE_END, TABLE_START } from '../../../src/config/options-table.js';

describe('the README option tables', () => {
  it.each(['README.md', 'README.zh-CN.md'])('in %s are the tables the schema makes', (name) => {
    const text = readFileSync(new URL(`../../../${name}`, import.meta.url), 'utf8');
    const start = text.indexOf(TABLE_START);
    const end = text.indexOf(TABLE_END);
    expect(start, `${name} has no option tables (run npx tsx scripts/options-table.ts)`).toBeGreaterThanOrEqual(0);
    expect(text.slice(start, end + TABLE_END.length), 'run npx tsx scripts/options-table.ts').toBe(optionsTable());
  });
});
