// Runs a delay server in a child process and learns its URL from the line it prints on stderr
// ("trawl: demo site on http://127.0.0.1:PORT/"). A separate process because at C = 1000 one
// process holding both ends would need 2,000 sockets (over the common limit of 1024 open files),
// and so the server gets its own core instead of sharing the client's event loop.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  readonly pid: number | undefined;
  /** SIGTERM, then SIGKILL if it has not gone within 3 s. */
  close(): Promise<void>;
}

const URL_LINE = /demo site on (https?:\/\/[^\s/]+)\//;

/**
 * Starts `node <args>` (e.g. [path of bin/trawl.js, 'serve-demo', '--port', '0']) and resolves
 * once it has printed its URL. Rejects with its stderr if it exits first or is silent for
 * `timeoutMs`.
 */
export function startServerProcess(args: readonly string[], timeoutMs = 15_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const said = stderr.trim().split('\n').pop();
      reject(new Error(`the demo site did not start: ${reason}${said ? ` (${said})` : ''}`));
    };
    const timer = setTimeout(() => fail(`no address after ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 8192) stderr += chunk;
      const match = URL_LINE.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stderr!.removeAllListeners('data').resume();
      resolve({ url: match[1]!, pid: child.pid, close: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
