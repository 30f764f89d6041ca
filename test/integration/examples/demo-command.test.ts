// `trawl demo`: every job against the bundled site at once, then serially, and a summary table.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('trawl demo', () => {
  it('runs every classic job, writes their outputs and prints measured concurrent and serial times', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trawl-demo-'));
    try {
      const result = await runCli(['demo', '--latency', '5', '--out', 'out'], { cwd: dir, timeoutMs: 120_000 });
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.split('\n');
      for (const job of ['video', 'gallery', 'prices', 'novel', 'hls', 'all']) {
        const row = lines.find((line) => line.startsWith(`${job} `));
        expect(row, `${job} row in:\n${result.stdout}`).toBeDefined();
        // seconds and serial seconds are both measured numbers, not dashes
        expect(row!.match(/\d+\.\d\d/g)!.length).toBeGreaterThanOrEqual(2);
      }
      expect(result.stdout).toContain('serial s: measured');
      expect(readFileSync(join(dir, 'out', 'prices', 'prices.csv'), 'utf8').trimEnd().split('\r\n')).toHaveLength(4001);
      expect(readdirSync(join(dir, 'out', 'gallery', 'files'))).toHaveLength(60);
      expect(readdirSync(join(dir, 'out', 'novel', 'files'))).toHaveLength(16);
      expect(existsSync(join(dir, 'out', 'hls', 'files', 'lesson.ts'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips the serial pass with --no-serial and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trawl-demo-'));
    try {
      const result = await runCli(['demo', '--latency', '0', '--no-serial', '--out', 'out'], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('serial s: skipped');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
