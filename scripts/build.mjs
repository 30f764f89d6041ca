// Builds dist/: the CLI and the parse worker (CommonJS bundles), the library (an ES module), the
// compiled example spiders, and the .d.ts files of the public API. The new build is made beside dist/ and swapped in at the end, so a
// process using dist/ meanwhile never sees a half-written one.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const next = `${root}dist.next-${process.pid}`;

// playwright-core stays a dependency on disk (it is large and loads its own files at run time).
const external = ['better-sqlite3', 'tsx', 'tsx/*', 'esbuild', 'playwright-core'];
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

// The CLI and the parse worker are CommonJS files, each one bundle: bin/trawl.cjs loads the CLI
// through a V8 code cache (see there), which Node 20 offers for scripts, not for ES modules.
// Dynamic import() of a bundled module becomes a lazy initialiser, so a command's code still
// runs only when that command does. import.meta.url becomes the file's own URL.
// Node built-ins that dependencies load at start-up but a run rarely uses: undici loads http2
// (and with it tls) for HTTP/2, which trawl does not enable; commander loads child_process for
// external subcommands, which trawl does not have. Each is replaced by a stand-in that loads
// the real module on first use: ~15 ms less at every start.
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?http2$/ }, (args) =>
      /undici/.test(args.importer) ? { path: 'http2', namespace: 'lazy-builtin' } : undefined,
    );
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /commander/.test(args.importer) ? { path: 'child_process', namespace: 'lazy-builtin' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      loader: 'js',
      contents:
        args.path === 'http2'
          ? // undici reads these constants when it loads; their values are fixed by RFC 9113.
            `const constants = { HTTP2_HEADER_AUTHORITY: ':authority', HTTP2_HEADER_METHOD: ':method',
               HTTP2_HEADER_PATH: ':path', HTTP2_HEADER_SCHEME: ':scheme', HTTP2_HEADER_CONTENT_LENGTH: 'content-length',
               HTTP2_HEADER_EXPECT: 'expect', HTTP2_HEADER_STATUS: ':status', HTTP2_HEADER_PROTOCOL: ':protocol',
               NGHTTP2_REFUSED_STREAM: 7, NGHTTP2_CANCEL: 8 };
             module.exports = { constants, connect: (...a) => require('node:http2').connect(...a) };`
          : `module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });`,
    }));
  },
};

const script = {
  ...common,
  plugins: [lazyBuiltins],
  format: 'cjs',
  define: { 'import.meta.url': '__trawl_import_meta_url', 'import.meta.dirname': '__dirname' },
  banner: { js: "var __trawl_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

rmSync(next, { recursive: true, force: true });
try {
  await build({ ...script, entryPoints: { cli: 'src/cli/main.ts', 'parse-worker': 'src/engine/parse-worker.ts' }, outdir: next, outExtension: { '.js': '.cjs' } });
  // The library, as an ES module (what `import … from 'trawl'` loads).
  await build({ ...common, entryPoints: { index: 'src/index.ts' }, outdir: next, splitting: true, chunkNames: 'chunks/[name]-[hash]' });
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
  // Examples that open a browser also use resolvePageStream (playwright-core stays external).
  await build({ ...common, entryPoints: ['examples/player.ts'], outdir: `${next}/examples`, alias: { trawl: './src/cli/example-api.ts' }, sourcemap: false });
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
