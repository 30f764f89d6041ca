// The committed demo binaries (assets/demo/): where they are at run time, and their manifest.
// The code runs from src/demo/ (tsx, tests) or bundled into dist/ (cli.js, chunks/*.js), so the
// folder is found by walking up from this module to the package root instead of a fixed path.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AssetManifest {
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
  readonly hls: Readonly<Record<string, readonly { readonly file: string; readonly duration: number }[]>>;
}

let root: string | undefined;
let manifest: AssetManifest | undefined;
const cache = new Map<string, Buffer>();

/** Absolute path of assets/demo/, found by walking up from this module. */
export function assetRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'assets', 'demo');
    if (existsSync(join(candidate, 'manifest.json'))) return (root = candidate);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`demo assets not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

export function assetManifest(): AssetManifest {
  manifest ??= JSON.parse(readFileSync(join(assetRoot(), 'manifest.json'), 'utf8')) as AssetManifest;
  return manifest;
}

/** The bytes of one committed file (path relative to assets/demo/), read once and kept. */
export function assetBytes(relativePath: string): Buffer {
  let bytes = cache.get(relativePath);
  if (bytes === undefined) {
    bytes = readFileSync(join(assetRoot(), relativePath));
    cache.set(relativePath, bytes);
  }
  return bytes;
}
