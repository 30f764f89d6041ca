// Where a crawl's state lives and who may open it. By default a job is a SQLite file under
// .trawl/ (named by --job or after the spider, or made up for one run and removed once it ends
// by itself: discardState in crawl-session.ts) that one owner process holds (a lock file) while
// any number of its workers share it. With `--frontier redis://…` the whole job lives in Redis
// under --job, and workers join from any machine with `trawl worker`.
import { JobNotFoundError } from '../errors/job-not-found-error.js';
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { OptionError } from '../errors/option-error.js';
import { lockJob, openSqliteFrontier } from '../frontier/index.js';
import type { FrontierBackend } from '../types/frontier.js';
import { ensureDirSync } from '../util/ensure-dir.js';

export interface Job {
  readonly name: string;
  /** False when the name was made up for this run: the state is removed once the run ends by itself. */
  readonly named: boolean;
  /** The name is the spider's, no --job given: kept to resume, removed once the job finishes. */
  readonly spiderDefault?: boolean;
  readonly kind: 'sqlite' | 'redis';
  /** What a worker passes as --frontier to join: `sqlite:<absolute path>` or the Redis URL. */
  readonly frontierSpec: string;
  /** For people: the .db path, or the Redis URL without its password. */
  readonly where: string;
  readonly frontier: FrontierBackend;
  /** Lets go of the job (the owner's lock); the frontier stays open. */
  release(): void;
  /** Deletes the job's state (an anonymous job that finished cleanly). */
  remove(): Promise<void>;
}

const NAME = /^[\w.-]+$/;

function checkName(option: string, value: unknown): string {
  if (typeof value !== 'string' || !NAME.test(value) || value.startsWith('.')) {
    throw new OptionError(option, value, 'use letters, digits, "_", "-" and "." only');
  }
  return value;
}

/** Whether a --frontier value names Redis. */
export function isRedisSpec(spec: string): boolean {
  return /^rediss?:\/\//i.test(spec);
}

/** `sqlite:<path>`, a path ending in .db, or a Redis URL; anything else is an OptionError naming it. */
function parseFrontierOption(value: unknown): { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string } {
  const text = typeof value === 'string' ? value.trim() : '';
  if (isRedisSpec(text)) {
    if (!URL.canParse(text)) throw new OptionError('--frontier', value, 'not a valid Redis URL: expected redis://host:port[/db]');
    return { kind: 'redis', url: text };
  }
  if (text.startsWith('sqlite:') && text.length > 'sqlite:'.length) return { kind: 'sqlite', path: resolve(text.slice('sqlite:'.length)) };
  if (text.endsWith('.db') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { kind: 'sqlite', path: resolve(text) };
  throw new OptionError('--frontier', value, 'expected redis://host:port[/db], sqlite:<file> or a file ending in .db');
}

/**
 * Opens the job a `crawl` or `run` owns: it writes the output and may start workers. Without
 * --frontier the job is .trawl/<name>.db, locked for this process. `spiderName` (a valid job
 * name) names the job when --job is absent.
 */
export async function openOwnerJob(jobOption: unknown, frontierOption: unknown, spiderName?: string): Promise<Job> {
  const byDefault = jobOption === undefined && spiderName !== undefined;
  const named = jobOption !== undefined || byDefault;
  const name = jobOption !== undefined ? checkName('--job', jobOption) : (spiderName ?? `crawl-${stamp()}-${process.pid}`);
  if (frontierOption !== undefined) {
    const spec = parseFrontierOption(frontierOption);
    if (spec.kind === 'redis') {
      if (!named) throw new OptionError('--job', undefined, 'a Redis frontier needs --job <name> (workers join the job by its name)');
      return openRedisJob(spec.url, name);
    }
    return openSqliteJob(spec.path, name, true, true);
  }
  const dir = resolve('.trawl');
  ensureDirSync(dir);
  const job = openSqliteJob(join(dir, `${name}.db`), name, named, true);
  return byDefault ? { ...job, spiderDefault: true } : job;
}

/** Opens an existing job to work on (`trawl worker`); a job that does not exist is an error. */
export async function openWorkerJob(jobOption: unknown, frontierOption: unknown): Promise<Job> {
  if (frontierOption === undefined) throw new OptionError('--frontier', undefined, 'required: the job\'s frontier, e.g. redis://host:6379 or sqlite:.trawl/<job>.db');
  const spec = parseFrontierOption(frontierOption);
  if (spec.kind === 'redis') {
    if (jobOption === undefined) throw new OptionError('--job', undefined, 'required with a Redis frontier');
    return openRedisJob(spec.url, checkName('--job', jobOption));
  }
  const name = jobOption === undefined ? basename(spec.path).replace(/\.db$/, '') : checkName('--job', jobOption);
  if (!existsSync(spec.path)) throw new JobNotFoundError(`job ${name}`, spec.path, 'no such job (its frontier file does not exist)');
  return openSqliteJob(spec.path, name, true, false);
}

function openSqliteJob(path: string, name: string, named: boolean, owner: boolean): Job {
  const lock = owner ? lockJob(path) : undefined;
  let frontier: FrontierBackend;
  try {
    frontier = openSqliteFrontier(path);
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    name,
    named,
    kind: 'sqlite',
    frontierSpec: `sqlite:${path}`,
    where: path,
    frontier,
    release: () => lock?.release(),
    remove: async () => {
      // Unlinked first: SQLite then sees the file is gone and skips folding the WAL back into it
      // on close (tens of ms at exit spent on a file about to be deleted).
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      await frontier.close();
    },
  };
}

async function openRedisJob(url: string, name: string): Promise<Job> {
  const { openRedisFrontier } = await import('../frontier/backends/redis.js');
  const frontier = await openRedisFrontier(url, name);
  const where = maskPassword(url);
  return {
    name,
    named: true,
    kind: 'redis',
    frontierSpec: url,
    where: `${where} (job ${name})`,
    frontier,
    release: () => undefined,
    remove: async () => {
      await frontier.close();
    },
  };
}

export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.href.replace(/\/$/, '');
  } catch {
    return url;
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
