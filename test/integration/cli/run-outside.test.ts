// A spider anywhere on disk can import from 'trawl' (no node_modules next to it), as ESM or as
// the CommonJS that a .ts file outside an ESM package compiles to.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const SPIDER = `
import { defineSpider, NonRetryableError } from 'trawl';
interface Row { url: string; title: string | null }
export default defineSpider({
  startUrls: ['/'],
  handler(ctx) {
    if (ctx.request.retries > 0) throw new Error('fetched twice: NonRetryableError was retried');
    const row: Row = { url: ctx.response.url, title: ctx.get('title') };
    ctx.push(row);
    throw new NonRetryableError('stop here');
  },
});
`;

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a spider outside the trawl package', () => {
  for (const kind of ['CommonJS', 'ESM'] as const) {
    it(`imports 'trawl' and shares its error classes (${kind})`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'trawl-outside-'));
      if (kind === 'ESM') writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      writeFileSync(join(dir, 'spider.ts'), SPIDER);
      const result = await runCli(['run', 'spider.ts', '--demo', '--quiet'], { cwd: dir });
      // The handler threw NonRetryableError: failed at once (exit 1), never retried.
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain('stop here');
      expect(result.stderr).not.toContain('fetched twice');
      expect(result.stderr).toContain('0 retried');
    });
  }
});
