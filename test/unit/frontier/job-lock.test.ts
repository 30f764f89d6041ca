// One owner per job: the lock file beside the database.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobLockedError } from '../../../src/errors/index.js';
import { lockJob, lockPathFor } from '../../../src/frontier/index.js';
import { finished, printed, runFixture } from './fixtures/spawn.js';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trawl-lock-'));
  db = join(dir, 'job.db');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
  const child = runFixture('lock-holder.ts', [join(dir, 'other.db'), 'exit']);
  const pid = child.pid!;
  await finished(child);
  return pid;
}

function lockError(fn: () => unknown): JobLockedError {
  try {
    fn();
  } catch (error) {
    if (error instanceof JobLockedError) return error;
    throw error;
  }
  throw new Error('expected JobLockedError');
}

describe('job lock', () => {
  it('writes the pid beside the database and release removes it', () => {
    const lock = lockJob(db);
    expect(lockPathFor(db)).toBe(`${db}.lock`);
    expect(readFileSync(`${db}.lock`, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
    lock.release();
    lockJob(db).release();
  });

  it('a second lock in the same live process is refused', () => {
    const lock = lockJob(db);
    const error = lockError(() => lockJob(db));
    expect(error.code).toBe('TRAWL_ERR_JOB_LOCKED');
    expect(error.pid).toBe(process.pid);
    expect(error.job).toBe(db);
    lock.release();
  });

  it('a live process holding the lock blocks others, and its lock is taken over once it is killed', async () => {
    const child = runFixture('lock-holder.ts', [db, 'hold']);
    const done = finished(child);
    await printed(child, 'locked');
    const error = lockError(() => lockJob(db));
    expect(error.pid).toBe(child.pid);
    child.kill('SIGKILL');
    expect((await done).signal).toBe('SIGKILL');
    expect(existsSync(`${db}.lock`)).toBe(true); // SIGKILL runs no exit hook: the lock is stale
    const lock = lockJob(db);
    expect(readFileSync(`${db}.lock`, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
  });

  it("a dead process's lock is taken over", async () => {
    writeFileSync(`${db}.lock`, `${await deadPid()}\n`);
    const lock = lockJob(db);
    expect(readFileSync(`${db}.lock`, 'utf8').split('\n')[0]).toBe(String(process.pid));
    lock.release();
  });

  it('an empty or garbled lock file is taken over', () => {
    writeFileSync(`${db}.lock`, '');
    lockJob(db).release();
    writeFileSync(`${db}.lock`, 'not a pid');
    lockJob(db).release();
  });

  it('the lock is released when the owning process exits normally', async () => {
    const result = await finished(runFixture('lock-holder.ts', [db, 'exit']));
    expect(result.stdout).toContain('locked');
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  it('release leaves alone a lock that is no longer its own', () => {
    const lock = lockJob(db);
    writeFileSync(`${db}.lock`, `${process.pid}\nsomeone-else\n`);
    lock.release();
    expect(readFileSync(`${db}.lock`, 'utf8')).toBe(`${process.pid}\nsomeone-else\n`);
  });
});
