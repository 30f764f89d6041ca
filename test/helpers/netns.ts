// Runs a Node script in a fresh network namespace (`unshare -n`, root only) whose loopback
// interface also carries PUBLIC_TEST_ADDRESS — an address the private-network guard counts as
// public — so tests can show what --no-private-networks still allows. Nothing in the namespace
// can reach any other network. Where namespaces cannot be made, `netnsUnavailable` says why and
// the caller skips with that notice.
import { execFileSync, spawn } from 'node:child_process';

/** A globally routable address, bound only inside the test's own namespace. */
export const PUBLIC_TEST_ADDRESS = '93.184.0.10';

let unavailable: string | undefined | null = null;

/** undefined when namespaces work here; otherwise the reason they do not. */
export function netnsUnavailable(): string | undefined {
  if (unavailable !== null) return unavailable;
  try {
    execFileSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && ip addr add ${PUBLIC_TEST_ADDRESS}/32 dev lo`], { stdio: 'pipe', timeout: 10_000 });
    unavailable = undefined;
  } catch (error) {
    unavailable = `network namespaces are not available here (${String((error as Error).message).split('\n')[0]})`;
  }
  return unavailable;
}

export interface NetnsResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <script> ...args` inside a new namespace set up as above. */
export function runInNetns(script: string, args: readonly string[], options: { cwd: string; timeoutMs?: number }): Promise<NetnsResult> {
  const setup = `ip link set lo up && ip addr add ${PUBLIC_TEST_ADDRESS}/32 dev lo && exec "$0" "$@"`;
  const child = spawn('unshare', ['-n', 'sh', '-c', setup, process.execPath, script, ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the namespace script did not finish\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
