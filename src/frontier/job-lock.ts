// One owner per job: a lock file beside the job's database (`<db>.lock`) holding the owner's
// pid. Worker processes that merely share the database don't take it; the process that runs
// the job (and would reclaim every lease on start) does.
//
// A lock left by a dead process (SIGKILL, power cut) is stale and taken over. Caveat: if the
// OS has since given that pid to an unrelated live process, the lock looks held; the error
// names the pid so the user can check and delete the file.
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { JobLockedError } from '../errors/job-locked-error.js';

export interface JobLock {
  /** Removes the lock file if it is still this lock's; safe to call twice. */
  release(): void;
}

export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}

/** Takes the job's lock or throws JobLockedError naming the live process that holds it. */
export function lockJob(dbPath: string): JobLock {
  const lockPath = lockPathFor(dbPath);
  // The nonce lets release() and a stale takeover tell this lock from a later one by the same pid.
  const content = `${process.pid}\n${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath, content)) return holding(lockPath, content);
    const existing = readLock(lockPath);
    if (existing === undefined) continue; // released meanwhile: try again
    const pid = parsePid(existing);
    if (pid !== undefined && isAlive(pid)) throw new JobLockedError(dbPath, pid);
    removeStale(lockPath, existing, dbPath);
  }
  throw new JobLockedError(dbPath, parsePid(readLock(lockPath) ?? '') ?? 0);
}

/** The pid of the live process holding the job's lock, if any (a stale lock counts as none). */
export function lockHolder(dbPath: string): number | undefined {
  const pid = parsePid(readLock(lockPathFor(dbPath)) ?? '');
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

function holding(lockPath: string, content: string): JobLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLock(lockPath) === content) unlinkQuiet(lockPath);
  };
  process.on('exit', release);
  return { release };
}

/**
 * Creates the lock exclusively. The content goes to a private file first and is then linked
 * into place: link() fails with EEXIST exactly like open(O_EXCL), and the lock can never be
 * seen half-written (an empty lock file would look stale to another process). File systems
 * without hard links fall back to O_EXCL.
 */
function tryCreate(lockPath: string, content: string): boolean {
  const temp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
    return createExclusive(lockPath, content);
  } finally {
    unlinkQuiet(temp);
  }
}

function createExclusive(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx'); // O_CREAT | O_EXCL
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Moves the stale file aside under a private name (rename is atomic, so of two processes
 * taking over at once only one moves it) and checks that what it moved is the stale lock, not
 * a fresh one another process wrote in between; a fresh one is put back.
 */
function removeStale(lockPath: string, staleContent: string, dbPath: string): void {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readLock(aside);
  if (moved === staleContent || moved === undefined) {
    unlinkQuiet(aside);
    return;
  }
  try {
    linkSync(aside, lockPath);
  } catch {
    // someone created a third lock meanwhile; theirs stands
  }
  unlinkQuiet(aside);
  const pid = parsePid(moved);
  if (pid !== undefined && isAlive(pid)) throw new JobLockedError(dbPath, pid);
}

function readLock(lockPath: string): string | undefined {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parsePid(content: string): number | undefined {
  const pid = Number.parseInt(content.split('\n', 1)[0] ?? '', 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
