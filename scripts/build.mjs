// Builds dist/: the CLI as a bundle split by command (quick start-up: only the running command's
// code loads), the library entry, the parse worker, the compiled example spiders, and the .d.ts
// files of the public API. The new build is made beside dist/ and swapped in at the end, so a
// process using dist/ meanwhile never sees a half-written one.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const next = `${root}dist.next-${process.pid}`;

const external = ['better-sqlite3', 'tsx', 'tsx/*', 'esbuild'];
// Bundled CommonJS dependencies call require(); ESM output has none, so give each chunk one.
const banner = {
  js: "import { createRequire as __trawlCreateRequire } from 'node:module'; const require = __trawlCreateRequire(import.meta.url);",
};
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Smaller code parses faster at start-up; TRAWL_NO_MINIFY=1 keeps names readable in profiles.
  minify: !process.env.TRAWL_NO_MINIFY,
  logLevel: 'warning',
  banner,
  external,
};

rmSync(next, { recursive: true, force: true });
try {
  await build({
    ...common,
    entryPoints: {
      cli: 'src/cli/main.ts',
      index: 'src/index.ts',
      'parse-worker': 'src/engine/parse-worker.ts',
    },
    outdir: next,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  });
  // The example spiders, compiled once so `trawl demo` loads them without a TypeScript loader.
  // 'trawl' resolves to the spider module alone, so each compiled example stays a few KB.
  await build({
    ...common,
    entryPoints: ['examples/video.ts', 'examples/gallery.ts', 'examples/prices.ts', 'examples/novel.ts', 'examples/hls.ts'],
    outdir: `${next}/examples`,
    // The examples use only defineSpider (an identity function) at run time; the rest are types.
    alias: { trawl: './src/engine/spider.ts' },
    sourcemap: false,
  });
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  throw error;
}

const old = `${root}dist.old-${process.pid}`;
if (existsSync(dist)) renameSync(dist, old);
renameSync(next, dist);
rmSync(old, { recursive: true, force: true });

if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
}
