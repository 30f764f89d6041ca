// Runs a server in a child process and learns its URL from the line it prints on stderr
// ("trawl: delay server on http://127.0.0.1:PORT/", or the demo site's "... demo site on ...").
// A separate process because at C = 1000 one process holding both ends would need 2,000 sockets
// (over the common limit of 1024 open files), and so the server's work runs on the other core
// instead of in the event loop being timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { DELAY_SERVER_SOURCE } from './delay-server-source.js';

export interface ServerProcess {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  readonly url: string;
  readonly pid: number | undefined;
  /** SIGTERM, then SIGKILL if it has not gone within 3 s. */
  close(): Promise<void>;
}

const URL_LINE = /(?:delay server|demo site) on (https?:\/\/[^\s/]+)\//;

/**
 * Node flags of the delay server: 32 MB semi-spaces from the start. The server allocates ~5 KB
 * per request and holds up to a thousand requests' objects at once. With V8's default young
 * generation (1 MB semi-spaces, grown slowly) it scavenged 37 times in `trawl bench --modes
 * async --sweep 1000`, 130-150 ms of pauses in all, each delaying every answer due meanwhile;
 * with these flags, 5 times, under 30 ms.
 */
const DELAY_SERVER_FLAGS: readonly string[] = ['--min-semi-space-size=32', '--max-semi-space-size=32'];

/** Starts the bench's own delay server (delay-server-source.ts) on 127.0.0.1, port 0. */
export function startDelayServerProcess(timeoutMs?: number): Promise<ServerProcess> {
  return startServerProcess([...DELAY_SERVER_FLAGS, '-e', DELAY_SERVER_SOURCE, '127.0.0.1', '0'], timeoutMs);
}

/**
 * Starts `node <args>` (e.g. [path of bin/trawl.cjs, 'serve-demo', '--port', '0']) and resolves
 * once it has printed its URL. Rejects with its stderr if it exits first or is silent for
 * `timeoutMs`. Its stdin is a pipe from this process: a server that exits when stdin closes
 * (the delay server does) goes away with this process however this process ends.
 */
export function startServerProcess(args: readonly string[], timeoutMs = 15_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...args], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const said = stderr.trim().split('\n').pop();
      reject(new Error(`the server process did not start: ${reason}${said ? ` (${said})` : ''}`));
    };
    const timer = setTimeout(() => fail(`no address after ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
    // A server that does not read its stdin must not make this process fail on EPIPE.
    child.stdin!.on('error', () => undefined);
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
