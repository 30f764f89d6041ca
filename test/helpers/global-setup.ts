// Integration tests run the real CLI from dist/, so dist/ must match the sources: it is rebuilt
// when any source is newer than it (npm install / npm ci already built it on a fresh clone).
// A failed build is reported but does not stop unit tests; CLI tests then fail on their own.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

export default function setup(): void {
  const built = join(ROOT, 'dist', 'cli.cjs');
  const sources = ['src', 'examples', 'bin', 'scripts/build.mjs', 'package.json'].map((p) => join(ROOT, p));
  if (existsSync(built) && statSync(built).mtimeMs > Math.max(...sources.map(newestSource))) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--no-types'], { stdio: 'inherit' });
  } catch {
    process.stderr.write('global setup: the build failed; CLI tests will fail\n');
  }
}
