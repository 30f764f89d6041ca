#!/usr/bin/env node
// The trawl command. It runs the bundled CLI (dist/cli.cjs, built by `npm install`) through a
// V8 code cache: the first run of each command saves the compiled code, later runs skip parsing
// and compiling it (~40 ms of every start, which short jobs feel). Node 20 has no built-in
// compile cache, hence this loader. Any problem with the cache just means compiling as usual.
'use strict';
const { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createRequire } = require('node:module');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

const command = process.argv[2] ?? '';

// Process-wide V8 settings, made before anything is compiled (a code cache is only accepted
// under the flags it was made with). Why each: src/cli/memory.ts.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--expose-gc');
// Crawls allocate fast and keep little: the young generation keeps its first size (1 MB
// semi-spaces), set before anything allocates (see capYoungGeneration in src/cli/memory.ts).
if (command === 'crawl' || command === 'run' || command === 'worker') setFlagsFromString('--semi-space-growth-factor=1');

const dist = join(__dirname, '..', 'dist');
const file = join(dist, 'cli.cjs');
if (!existsSync(file)) {
  process.stderr.write('trawl: dist/cli.cjs is missing; run `npm install` (or `npm run build`) in the trawl folder first\n');
  process.exit(1);
}

// TRAWL_TRACE=1: start-up marks on stderr, in ms since the process started (src/util/trace.ts).
const trace = process.env.TRAWL_TRACE === '1' ? (l) => process.stderr.write(`trawl trace: ${(process.uptime() * 1000).toFixed(1)} ms ${l}\n`) : () => {};
trace('bin start');
const source = readFileSync(file, 'utf8');
trace('bundle read');
const stat = statSync(file);
const stamp = `${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}`;
const cacheDir = writableDir([join(dist, '.cache'), join(tmpdir(), `trawl-cache-${process.getuid?.() ?? 'user'}`)]);
const cacheName = `cli-${stamp}-${/^[a-z-]+$/.test(command) ? command : 'other'}.v8`;
let cachedData;
if (cacheDir && !process.env.TRAWL_NO_CODE_CACHE) {
  try {
    cachedData = readFileSync(join(cacheDir, cacheName));
  } catch {
    cachedData = undefined;
  }
}

const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
const script = new vm.Script(wrapped, {
  filename: file,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (cacheDir && !process.env.TRAWL_NO_CODE_CACHE && (!cachedData || script.cachedDataRejected)) {
  // Made at exit, so it holds the code this command really ran.
  process.once('exit', () => saveCache(cacheDir, cacheName, script));
}
// A script compiled from a code cache has no dynamic-import callback in Node 20: lend it ours
// (src/util/dynamic-import.ts), for spider files and tsx.
globalThis.__trawlImport = (specifier) => import(specifier);
const module_ = { exports: {} };
trace('script compiled (code cache ' + (cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'none') + ')');
script.runInThisContext()(module_.exports, createRequire(file), module_, file, dist);

function saveCache(dir, name, compiled) {
  try {
    for (const old of readdirSync(dir)) if (old.startsWith('cli-') && !old.includes(stamp)) rmSync(join(dir, old), { force: true });
    const temp = join(dir, `${name}.${process.pid}.tmp`);
    writeFileSync(temp, compiled.createCachedData());
    renameSync(temp, join(dir, name));
  } catch {
    // A read-only install or a full disk: run without a cache.
  }
}

function writableDir(candidates) {
  for (const dir of candidates) {
    try {
      mkdirSync(dir, { recursive: true });
      const probe = join(dir, `.probe-${process.pid}`);
      writeFileSync(probe, '');
      rmSync(probe);
      return dir;
    } catch {
      // try the next place
    }
  }
  return undefined;
}
