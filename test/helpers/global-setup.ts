// Integration tests run the real CLI from dist/, so build it once before any test file starts.
// A failed build is reported but does not stop unit tests; CLI tests then fail on their own.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { stdio: 'inherit' });
  } catch {
    process.stderr.write('global setup: the build failed; CLI tests will fail\n');
  }
}
