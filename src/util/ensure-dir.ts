// Creating a folder and its missing parents. Node 20's mkdir({ recursive: true }) never returns
// for some paths it cannot create (e.g. /proc/x/y: it loops on an error it does not expect), so
// a user's `-d /proc/nope` would hang trawl. This walks up to the nearest existing folder and
// creates each missing level on its own, failing with the system's error instead.
import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export function ensureDirSync(path: string): void {
  for (const dir of missingLevels(resolve(path), (p) => existsDirSync(p))) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export async function ensureDir(path: string): Promise<void> {
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (await existsDir(dir)) break;
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The folders from the first missing one down to `path`, parents first. */
function missingLevels(path: string, exists: (dir: string) => boolean): string[] {
  const missing: string[] = [];
  for (let dir = path; !exists(dir); dir = dirname(dir)) {
    missing.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  return missing;
}

function existsDirSync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function existsDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
