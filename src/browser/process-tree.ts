// The browser's processes as Linux sees them: this process's children and their command lines
// (to find the browser just launched), every descendant (zygotes, renderers,
// utilities) by parent pid, and their summed resident memory. Read from /proc by hand: no
// library does this without spawning `ps`, and the pool asks often. Elsewhere than Linux every
// answer is empty (memory limits then do not apply; closing still goes through Playwright).
import { readdirSync, readFileSync } from 'node:fs';

const PAGE_BYTES = 4096;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** Resident pages. */
  readonly rss: number;
  /** Start time in clock ticks since boot: with the pid, it names one process (pids are reused). */
  readonly start: number;
}

/** One process, named so that a reused pid is not mistaken for it. */
export interface ProcessId {
  readonly pid: number;
  readonly start: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may hold spaces or ')': fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), rss: Number(fields[21]), start: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const stats: ProcStat[] = [];
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    const stat = readStat(pid);
    if (stat) stats.push(stat);
  }
  return stats;
}

/** The pids of `parent`'s children alive now. */
export function childProcesses(parent: number): number[] {
  return allStats()
    .filter((stat) => stat.ppid === parent)
    .map((stat) => stat.pid);
}

/** A process's command line, arguments joined by spaces ('' when it is gone or unreadable). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/** `root` and all its descendants that are alive now. */
export function processTree(root: number): ProcessId[] {
  return treeOf(root, allStats()).map(({ pid, start }) => ({ pid, start }));
}

/** Summed resident memory (bytes) of `root` and its descendants; 0 when unknown. */
export function treeRssBytes(root: number): number {
  return treeOf(root, allStats()).reduce((sum, stat) => sum + stat.rss * PAGE_BYTES, 0);
}

function treeOf(root: number, stats: readonly ProcStat[]): ProcStat[] {
  const children = new Map<number, ProcStat[]>();
  let self: ProcStat | undefined;
  for (const stat of stats) {
    if (stat.pid === root) self = stat;
    const list = children.get(stat.ppid);
    if (list) list.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  if (!self) return [];
  const out: ProcStat[] = [];
  const queue = [self];
  while (queue.length > 0) {
    const next = queue.pop() as ProcStat;
    out.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return out;
}

/** Sends SIGKILL to each of `processes` still alive (same pid, same start time); returns how many were. */
export function killAll(processes: readonly ProcessId[]): number {
  let killed = 0;
  for (const { pid, start } of processes) {
    if (readStat(pid)?.start !== start) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}
