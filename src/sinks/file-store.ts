// The download folder: hands out unique, safe paths inside it, and moves finished `.part` files
// into place with one atomic rename, so a final name only ever holds a complete file.
// Every path that comes in or goes out passes assertInside: no name can leave the folder.
import { UnsafePathError } from '../errors/unsafe-path-error.js';
import { lstatSync, readdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { joinName, sanitizeFilename, splitExtension } from './safe-name.js';
import { ensureDirSync } from '../util/ensure-dir.js';

const PART = '.part';
const MAX_SUFFIX = 9999;

/**
 * The absolute form of `path`, which must lie strictly inside `dir` (after resolving `..`);
 * otherwise an UnsafePathError naming the path and the folder.
 */
export function assertInside(dir: string, path: string): string {
  const base = resolve(dir);
  const full = resolve(base, path);
  const rel = relative(base, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UnsafePathError(path, '', `not inside the output folder ${base}`);
  }
  return full;
}

export class FileStore {
  /** The folder, absolute. */
  readonly dir: string;
  // Lower-cased so that two names differing only in case never meet on macOS or Windows.
  readonly #reserved = new Set<string>();
  // Names on disk when the store first looked, lower-cased for the same reason; lstat still
  // checks each candidate for files that appeared since.
  #existing: Set<string> | undefined;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /**
   * A new absolute path inside the folder for `name` (sanitised). A name already on disk or
   * reserved by this store, ignoring case, gets ` (1)`, ` (2)`… before its extension. `name.part` files on disk
   * do not count, so an interrupted download can find and resume its part file. Creates the
   * folder on first use.
   */
  reserve(name: string): string {
    if (this.#existing === undefined) {
      ensureDirSync(this.dir);
      this.#existing = new Set(readdirSync(this.dir).map((entry) => entry.normalize('NFC').toLowerCase()));
    }
    const existing = this.#existing;
    const safe = sanitizeFilename(name);
    const { stem, ext } = splitExtension(safe);
    for (let n = 0; n <= MAX_SUFFIX; n++) {
      const candidate = n === 0 ? safe : joinName(stem, ` (${n})`, ext);
      const key = candidate.toLowerCase();
      if (this.#reserved.has(key) || existing.has(key)) continue;
      const full = assertInside(this.dir, join(this.dir, candidate));
      // lstat, not exists: a dangling symlink is a name in use too.
      if (lstatSync(full, { throwIfNoEntry: false })) continue;
      this.#reserved.add(key);
      return full;
    }
    throw new UnsafePathError(name, this.dir, `more than ${MAX_SUFFIX} files already use this name`);
  }

  /** Gives a reserved name back, for a download that failed before anything was committed. */
  release(finalPath: string): void {
    const full = assertInside(this.dir, finalPath);
    this.#reserved.delete(relative(this.dir, full).toLowerCase());
  }

  /** Where the bytes of `finalPath` are written until complete: `finalPath + '.part'`. */
  partPath(finalPath: string): string {
    return assertInside(this.dir, `${assertInside(this.dir, finalPath)}${PART}`);
  }

  /** Moves a complete part file to its final name in one atomic rename (same folder, same disk). */
  async commit(partPath: string, finalPath: string): Promise<void> {
    await rename(assertInside(this.dir, partPath), assertInside(this.dir, finalPath));
  }
}
