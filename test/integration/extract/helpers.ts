// Running the built CLI with text on its standard input (`-i -`, `trawl shell` from a pipe).
import { spawn } from 'node:child_process';
import { collect, TRAWL_BIN, type CliResult } from '../../helpers/cli.js';

/** Runs `trawl <args>` in `dir`, writes `input` to its stdin and closes it. */
export function trawlWithInput(dir: string, args: readonly string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [TRAWL_BIN, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(input);
  return collect(child, 45_000);
}
