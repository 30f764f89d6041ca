// Builds dist/: the CLI as one bundled file (quick start-up: one module to load instead of
// hundreds), the library entry, the worker entries, and the .d.ts files of the public API.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const external = ['better-sqlite3', 'tsx', 'tsx/*', 'esbuild'];
const banner = {
  js: "import { createRequire as __trawlCreateRequire } from 'node:module'; const require = __trawlCreateRequire(import.meta.url);",
};
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  minify: !process.env.TRAWL_NO_MINIFY,
  keepNames: false,
  logLevel: 'warning',
  banner,
  external,
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    'parse-worker': 'src/engine/parse-worker.ts',
  },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
// The example spiders, compiled once so `trawl demo` loads them without a TypeScript loader.
// 'trawl' resolves to the spider module alone, so each compiled example stays a few KB.
await build({
  ...common,
  entryPoints: ['examples/video.ts', 'examples/gallery.ts', 'examples/prices.ts', 'examples/novel.ts', 'examples/hls.ts'],
  outdir: 'dist/examples',
  // The examples use only defineSpider (an identity function) at run time; the rest are types.
  alias: { trawl: './src/engine/spider.ts' },
  sourcemap: false,
});
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
