// Runs the bench in a child Node process started with a larger young generation. At C = 1000 the
// client holds a thousand requests' objects at any moment and allocates ~50 MB per timed run;
// with V8's default semi-spaces (growing to 16 MB) it scavenged six or seven times during the
// timed half-second, each pause copying every in-flight request: 40-100 ms of pauses per run,
// measured. With 64 MB semi-spaces from the start it scavenges once or twice (10-15 ms), and
// never at C <= 100. The semi-space size is fixed when the heap is created (v8.setFlagsFromString
// cannot change it later), so the only way to give the timed process this room is to start it
// with the flags. The work timed is the same either way; only the collector has more room.
import { spawn } from 'node:child_process';

/** Node flags of the process that runs the bench; gc() lets a run start with an empty young
 * generation (fetcher-modes.ts). */
export const BENCH_NODE_FLAGS: readonly string[] = ['--min-semi-space-size=64', '--max-semi-space-size=64', '--expose-gc'];

/** Set in the child's environment: a process that has it is already the tuned one. */
const TUNED_MARK = 'TRAWL_BENCH_TUNED';
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15, SIGKILL: 9 };

/** True in the child started by runTuned (TRAWL_BENCH_TUNED is set in its environment). */
export function isTunedProcess(): boolean {
  return process.env[TUNED_MARK] !== undefined;
}

/**
 * Runs `node <BENCH_NODE_FLAGS> <script> <args>` with this process's stdio, forwarding
 * SIGINT/SIGTERM/SIGHUP to it, and resolves with the exit status to give (128 + n when the
 * child ended on signal n). Inspector flags of this process are not passed on (the port would
 * be taken).
 */
export function runTuned(script: string, args: readonly string[]): Promise<number> {
  const execArgv = process.execArgv.filter((flag) => !flag.startsWith('--inspect'));
  const child = spawn(process.execPath, [...execArgv, ...BENCH_NODE_FLAGS, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, [TUNED_MARK]: '1' },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of SIGNALS) process.on(signal, forward);
  return new Promise<number>((resolve, reject) => {
    const done = (): void => {
      for (const signal of SIGNALS) process.off(signal, forward);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (SIGNAL_NUMBERS[signal] ?? 1) : 1));
    });
  });
}
