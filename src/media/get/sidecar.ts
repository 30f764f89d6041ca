// The resume sidecar `<name>.part.json`: written when a resumable download starts, it says
// which URL the `.part` belongs to, the validator (ETag or Last-Modified) a later run sends in
// If-Range, and for a split download which byte ranges are already on disk. It only ever
// promises bytes whose writes have completed, so a crash at any moment leaves it true.
// Saved atomically (temporary file + rename): a crash mid-save keeps the previous version.
import { readdirSync, readFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { sanitizeFilename } from '../../sinks/safe-name.js';

const SUFFIX = '.part.json';

export interface SidecarSegment {
  /** First byte of the range. */
  readonly start: number;
  /** One past its last byte. */
  readonly end: number;
  /** Bytes [start, pos) are on disk. */
  readonly pos: number;
}

export interface Sidecar {
  readonly version: 1;
  readonly url: string;
  /** Final file name, inside the folder. */
  readonly name: string;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
  /** Size of the whole file, when known. */
  readonly size?: number | undefined;
  /** Split downloads: every range of the file and how far each got. */
  readonly segments?: readonly SidecarSegment[] | undefined;
}

const offset = z.number().int().min(0);
const schema = z.object({
  version: z.literal(1),
  url: z.string(),
  name: z.string().min(1),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  size: offset.optional(),
  segments: z
    .array(z.object({ start: offset, end: offset, pos: offset }).refine((s) => s.start <= s.pos && s.pos <= s.end))
    .optional(),
});

export function sidecarPathFor(partPath: string): string {
  return `${partPath}.json`;
}

/** The If-Range value for a sidecar: a strong ETag, else Last-Modified, else none. */
export function ifRangeValue(sidecar: Pick<Sidecar, 'etag' | 'lastModified'>): string | undefined {
  if (sidecar.etag && !sidecar.etag.startsWith('W/')) return sidecar.etag;
  return sidecar.lastModified;
}

/**
 * Every readable sidecar in `dir`, by URL; the paths of all sidecar files; every entry name
 * (lower-cased, to know without a stat which names were free at start). A sidecar whose name is not a plain safe file name,
 * or that is not valid, is ignored (its `.part` is then downloaded again from the start).
 */
export function scanSidecars(dir: string): { byUrl: Map<string, Sidecar>; files: Set<string>; names: Set<string> } {
  const found = new Map<string, Sidecar>();
  const files = new Set<string>();
  const names = new Set<string>();
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return { byUrl: found, files, names };
  }
  for (const entry of entries) {
    names.add(entry.normalize('NFC').toLowerCase());
    if (!entry.endsWith(SUFFIX)) continue;
    files.add(join(dir, entry));
    const sidecar = parseSidecar(safeRead(join(dir, entry)));
    if (!sidecar || `${sidecar.name}${SUFFIX}` !== entry || sanitizeFilename(sidecar.name) !== sidecar.name) continue;
    if (sidecar.segments && (sidecar.size === undefined || !segmentsCover(sidecar.segments, sidecar.size))) continue;
    found.set(sidecar.url, sidecar);
  }
  return { byUrl: found, files, names };
}

export function parseSidecar(text: string | undefined): Sidecar | undefined {
  if (text === undefined) return undefined;
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? (result.data as Sidecar) : undefined;
  } catch {
    return undefined;
  }
}

export async function saveSidecar(path: string, sidecar: Sidecar): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, JSON.stringify(sidecar));
  await rename(temp, path);
}

export async function removeSidecar(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** True when the segments, sorted, tile [0, size) with no gap or overlap. */
function segmentsCover(segments: readonly SidecarSegment[], size: number): boolean {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  let at = 0;
  for (const segment of sorted) {
    if (segment.start !== at || segment.end < segment.start) return false;
    at = segment.end;
  }
  return at === size;
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
