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
    const f = await openFrontier('memory');
    expect(await f.add([req('a')])).toBe(1);
    await f.close();
  });

  it('opens the same SQLite file for "sqlite:<path>" and a path ending in .db', async () => {
    const path = join(dir, 'sub', 'job.db');
    const first = await openFrontier(`sqlite:${path}`);
    await first.add([req('a')]);
    await first.close();
    const second = await openFrontier(path);
    expect(await second.add([req('a'), req('b')])).toBe(1);
    await second.close();
  });

  it.each(['', 'sqlite:', 'http://x/y.db', 'memory:', 'job.sqlite', 'redis:', 'redis://', 'redis://h:1/x', 'redis://h/0?a=1', 'unix:'])(
    'rejects %j with an OptionError naming the frontier option',
    async (spec) => {
      await expect(openFrontier(spec, { job: 'j' })).rejects.toThrow(OptionError);
      await expect(openFrontier(spec, { job: 'j' })).rejects.toThrow(/option frontier/);
    },
  );

  it('needs a job name with a Redis URL, and a name that fits in a key prefix', async () => {
    await expect(openFrontier('redis://127.0.0.1:1')).rejects.toThrow(/option job: is needed with a Redis frontier/);
    await expect(openFrontier('redis://127.0.0.1:1', { job: 'a{b}' })).rejects.toThrow(/option job/);
    await expect(openFrontier('redis://127.0.0.1:1', { job: '' })).rejects.toThrow(/option job/);
  });

  it('never shows the password of a Redis URL it rejects', async () => {
    const error = await openFrontier('redis://user:s3cret@host:1/nope', { job: 'j' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect(String((error as Error).message)).toContain('redis://user:***@host:1/nope');
    expect(String((error as Error).message)).not.toContain('s3cret');
  });
});
