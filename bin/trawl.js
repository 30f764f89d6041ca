#!/usr/bin/env node
// The trawl command: a thin shim over the bundled CLI (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('trawl: dist/cli.js is missing; run `npm install` (or `npm run build`) in the trawl folder first\n');
  process.exit(1);
}
await import(cli.href);
