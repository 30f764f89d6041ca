import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDir, ensureDirSync } from '../../../src/util/ensure-dir.js';

describe('ensureDir', () => {
  it('creates a folder and its missing parents, and accepts one that exists', async () => {
    const root = mkdtempSync(join(tmpdir(), 'trawl-dir-'));
    try {
      ensureDirSync(join(root, 'a', 'b'));
      await ensureDir(join(root, 'c', 'd', 'e'));
      ensureDirSync(join(root, 'a', 'b'));
      expect(statSync(join(root, 'a', 'b')).isDirectory()).toBe(true);
      expect(statSync(join(root, 'c', 'd', 'e')).isDirectory()).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  // Node 20's mkdir({ recursive: true }) never returns for such a path; ours fails at once.
  it.runIf(existsSync('/proc/self'))('fails at once, with the system error, for a folder under /proc', async () => {
    expect(() => ensureDirSync('/proc/trawl-nope/x')).toThrow(/ENOENT|EACCES|EPERM/);
    await expect(ensureDir('/proc/trawl-nope/x')).rejects.toThrow(/ENOENT|EACCES|EPERM/);
  });

  it('fails when a file stands where a folder should be', () => {
    const root = mkdtempSync(join(tmpdir(), 'trawl-dir-'));
    try {
      writeFileSync(join(root, 'f'), 'a file');
      expect(() => ensureDirSync(join(root, 'f', 'y'))).toThrow(/ENOTDIR|EEXIST/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
