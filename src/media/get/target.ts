// Where a download goes. A name already complete on disk is skipped (size equal to the
// server's length, digest equal when one is given) unless `force`, which replaces it; a name
// that is taken otherwise — by a different file on disk, or by another URL of this run — gets
// a ` (1)` suffix from the FileStore. Also the file digest and the `.bad` quarantine.
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IntegrityError } from '../../errors/integrity-error.js';
import { assertInside } from '../../sinks/file-store.js';
import type { Target, TaskContext } from './context.js';
import { removeSidecar, sidecarPathFor } from './sidecar.js';

export type Claim = { readonly skip: true; readonly path: string; readonly size: number } | ({ readonly skip: false } & Target);

export function targetFor(ctx: TaskContext, name: string, path: string): Target {
  const part = ctx.store.partPath(path);
  return { name, path, part, sidecar: sidecarPathFor(part) };
}

/** The path `name` would have in the folder, without reserving it. */
export function pathIn(ctx: TaskContext, name: string): string {
  return assertInside(ctx.store.dir, join(ctx.store.dir, name));
}

/** Size of the regular file at `path` (a symlink or a folder is not one). */
export function fileSizeSync(path: string): number | undefined {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  return stats?.isFile() ? stats.size : undefined;
}

/**
 * Decides where the download of `name` goes, or that it is already there. `total` is the size
 * the server announced (undefined when it did not say), `sha256` the digest the user gave.
 */
export async function claimName(ctx: TaskContext, name: string, total: number | undefined, sha256: string | undefined): Promise<Claim> {
  const candidate = pathIn(ctx, name);
  const key = candidate.toLowerCase();
  if (!ctx.claimed.has(key)) {
    if (!ctx.existing.has(name.toLowerCase())) {
      // Free when the run started and not taken by it since: no need to stat. The stat
      // FileStore.reserve would make waits on the folder's lock while other files of the run
      // are created and renamed there (~0.1 ms each time, on the event loop).
      ctx.claimed.add(key);
      ctx.ensureDir();
      return { skip: false, ...targetFor(ctx, name, candidate) };
    }
    const size = fileSizeSync(candidate);
    if (size !== undefined) {
      ctx.claimed.add(key);
      if (ctx.options.force) return { skip: false, ...targetFor(ctx, name, candidate) };
      if (await isComplete(candidate, size, total, sha256)) return { skip: true, path: candidate, size };
    }
  }
  // Taken: the FileStore finds a free suffix. Names this run claimed without it are skipped.
  let path = ctx.store.reserve(name);
  while (ctx.claimed.has(path.toLowerCase())) path = ctx.store.reserve(name);
  ctx.claimed.add(path.toLowerCase());
  return { skip: false, ...targetFor(ctx, name, path) };
}

/**
 * Whether the file on disk is the one the server offers: same length when the server gave one,
 * same digest when the user gave one. With neither there is nothing to compare: it counts as
 * complete (as `wget -nc` does), so re-running a list never duplicates files.
 */
export async function isComplete(path: string, size: number, total: number | undefined, sha256: string | undefined): Promise<boolean> {
  if (total !== undefined && size !== total) return false;
  if (sha256 !== undefined) return (await sha256File(path).catch(() => '')) === sha256;
  return true;
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1024 * 1024 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * A finished part whose digest is wrong never gets the final name: it is moved to
 * `<name>.bad` (replacing an older one) for inspection, its sidecar removed and the name given
 * back, and an IntegrityError names the file.
 */
export async function quarantine(ctx: TaskContext, url: string, target: Target, actual: string, expected: string): Promise<never> {
  const bad = assertInside(ctx.store.dir, `${target.path}.bad`);
  await rm(bad, { force: true });
  await rename(target.part, bad);
  await removeSidecar(target.sidecar);
  ctx.store.release(target.path);
  ctx.claimed.delete(target.path.toLowerCase());
  throw new IntegrityError(
    url,
    `${target.name}: sha256 is ${actual}, expected ${expected}; the bytes are kept as ${target.name}.bad`,
    { retryable: false },
  );
}
