// Shared by the download tests: a temp folder and servers per test, closed after it, and a
// wait helper for watching files appear while the CLI runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { startRangeServer, type RangeServer, type ServedFile } from './range-server.js';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trawl-get-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function rangeServer(files: Record<string, ServedFile> = {}): Promise<RangeServer> {
  const server = await startRangeServer(files);
  cleanups.push(() => server.close());
  return server;
}

/** Polls `check` every 10 ms until it returns true; fails after `timeoutMs` (or as soon as `check` throws). */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Fast fetcher retries, so failing tests fail quickly. */
export const FAST = { fetch: { retryBaseMs: 5, retryMaxMs: 50 } } as const;

/** A check for waitFor that fails at once, with its stderr, when the child process has exited. */
export function alive(child: ChildProcess, stderr: () => string): () => void {
  return () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`trawl exited early (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    }
  };
}
