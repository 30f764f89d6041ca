// `trawl jobs`: the jobs kept under .trawl/ as a table for people or JSON lines for scripts, and
// `trawl jobs rm`, which deletes a job's files once it holds the job's lock (so a crawl starting
// at that moment cannot have them pulled from under it).
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../errors/input-error.js';
import { JobLockedError } from '../../errors/job-locked-error.js';
import { JobNotFoundError } from '../../errors/job-not-found-error.js';
import { OptionError } from '../../errors/option-error.js';
import { alignColumns } from '../../experiment/table.js';
import { lockJob, type JobLock } from '../../frontier/job-lock.js';
import { formatBytes } from '../../util/bytes.js';
import { DB_SUFFIXES, listJobs, type JobStatus } from '../job-status.js';

const DEFAULT_DIR = '.trawl';

function jobsDir(options: Record<string, unknown>): string {
  if (options.dir !== undefined && (typeof options.dir !== 'string' || options.dir === '')) throw new OptionError('--dir', options.dir, 'expected a folder');
  return resolve(typeof options.dir === 'string' ? options.dir : DEFAULT_DIR);
}

/** Local time to the minute: 2024-05-01 14:03. */
function localTime(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** What the job crawls, in a few words: `crawl <first URL>` or `run <spider file> <first URL>`. */
export function describeJob(job: JobStatus): string {
  if (job.error !== undefined) return job.error;
  const what = job.kind === 'rules' ? 'crawl' : job.kind === 'spider' ? `run ${job.spider?.file ?? '?'}` : '(no settings)';
  return job.start === undefined ? what : `${what} ${job.start}`;
}

function stateLabel(job: JobStatus): string {
  return job.state === 'running' && job.pid !== undefined ? `running (pid ${job.pid})` : job.state;
}

/** The table for people: one row per job, then the total size. */
export function formatJobs(jobs: readonly JobStatus[], dir: string): string {
  if (jobs.length === 0) return `no jobs in ${dir}\n`;
  const header = ['NAME', 'STATE', 'PENDING', 'LEASED', 'DONE', 'FAILED', 'ITEMS', 'SIZE', 'LAST RUN', 'CRAWLS'];
  const rows = jobs.map((job) => [
    job.name,
    stateLabel(job),
    String(job.pending),
    String(job.leased),
    String(job.done),
    String(job.failed),
    String(job.items),
    formatBytes(job.bytes),
    localTime(job.lastRun),
    describeJob(job),
  ]);
  const right = [false, false, true, true, true, true, true, true, false, false];
  const total = jobs.reduce((sum, job) => sum + job.bytes, 0);
  return `${alignColumns(header, rows, right)}\n\n${jobs.length} job${jobs.length === 1 ? '' : 's'}, ${formatBytes(total)} in ${dir}\n`;
}

/** One JSON object a line, one line per job. */
export function jobJson(job: JobStatus): string {
  const { name, state, pid, pending, leased, done, failed, items, bytes, lastRun, kind, ...rest } = job;
  return JSON.stringify({ name, state, pid, pending, leased, done, failed, items, bytes, lastRun: lastRun.toISOString(), kind, ...rest });
}

export function jobsCommand(options: Record<string, unknown>): number {
  const dir = jobsDir(options);
  const jobs = listJobs(dir);
  process.stdout.write(options.json === true ? jobs.map((job) => `${jobJson(job)}\n`).join('') : formatJobs(jobs, dir));
  return 0;
}

/** Takes the job's lock, or says which process runs it. */
function lockForRemoval(job: JobStatus): JobLock {
  try {
    return lockJob(job.path);
  } catch (error) {
    if (error instanceof JobLockedError) throw new JobLockedError(job.name, error.pid, { cause: error });
    throw error;
  }
}

export function jobsRmCommand(names: readonly string[], options: Record<string, unknown>): number {
  const dir = jobsDir(options);
  const finished = options.finished === true;
  if (names.length === 0 && !finished) throw new InputError('trawl jobs rm', '', 'name the jobs to remove, or give --finished');
  const jobs = listJobs(dir);
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const chosen = new Map<string, JobStatus>();
  for (const name of names) {
    const job = byName.get(name);
    if (!job) throw new JobNotFoundError(`job ${name}`, dir, 'no such job (trawl jobs lists them)');
    chosen.set(name, job);
  }
  if (finished) for (const job of jobs) if (job.state === 'finished') chosen.set(job.name, job);
  if (chosen.size === 0) {
    process.stderr.write(`trawl: no finished jobs in ${dir}\n`);
    return 0;
  }
  // Every lock first: one running job means nothing is removed.
  const locks: JobLock[] = [];
  try {
    for (const job of chosen.values()) locks.push(lockForRemoval(job));
    for (const job of chosen.values()) {
      for (const suffix of DB_SUFFIXES) rmSync(`${job.path}${suffix}`, { force: true });
      process.stderr.write(`trawl: removed job ${job.name} (${job.state}, ${formatBytes(job.bytes)})\n`);
    }
  } finally {
    for (const lock of locks) lock.release();
  }
  return 0;
}
