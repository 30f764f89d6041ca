import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { openFrontier } from '../../../src/frontier/index.js';
import { req } from '../../contract/frontier.contract.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trawl-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openFrontier', () => {
  it('opens a memory frontier for "memory"', async () => {
    const f = openFrontier('memory');
    expect(await f.add([req('a')])).toBe(1);
    await f.close();
  });

  it('opens the same SQLite file for "sqlite:<path>" and a path ending in .db', async () => {
    const path = join(dir, 'sub', 'job.db');
    const first = openFrontier(`sqlite:${path}`);
    await first.add([req('a')]);
    await first.close();
    const second = openFrontier(path);
    expect(await second.add([req('a'), req('b')])).toBe(1);
    await second.close();
  });

  it.each(['', 'sqlite:', 'redis://127.0.0.1:6379', 'http://x/y.db', 'memory:', 'job.sqlite'])(
    'rejects %j with an OptionError naming the frontier option',
    (spec) => {
      expect(() => openFrontier(spec)).toThrow(OptionError);
      expect(() => openFrontier(spec)).toThrow(/option frontier/);
    },
  );
});
