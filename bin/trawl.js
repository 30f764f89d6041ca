#!/usr/bin/env node
// The trawl command: a thin shim over the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// Crawls allocate fast and keep little: V8's young generation stays at its first size instead of
// growing to 16 MB (about 40 MB less RSS on a big crawl; see src/cli/memory.ts). This has to be
// set before the CLI bundle loads, or the young generation has already grown.
if (['crawl', 'run'].includes(process.argv[2] ?? '')) setFlagsFromString('--semi-space-growth-factor=1');

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('trawl: dist/cli.js is missing; run `npm install` (or `npm run build`) in the trawl folder first\n');
  process.exit(1);
}
await import(cli.href);
