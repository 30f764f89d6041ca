// The resume state of one track, kept beside its file as `<output>.trawl.json` (the bytes are
// in `<output>.part`). Written atomically (temp file + rename) after in-order writes, so it
// never claims bytes that are not in the part; on resume the part is cut back to `bytes` and
// the download goes on from segment `written`. Removed when the whole download completes.
import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { InputError } from '../errors/input-error.js';
import type { StreamSegment } from './types.js';
import type { GapRecord } from './types.js';

export const STATE_VERSION = 1;

export interface DownloadState {
  readonly version: typeof STATE_VERSION;
  /** The URL the user asked for (master or media playlist). */
  readonly playlistUrl: string;
  /** The media playlist this output is made from, without its query (tokens change). */
  readonly mediaUrl: string;
  readonly live: boolean;
  /** segmentFingerprint() of the media playlist (VOD only; a live list changes all the time). */
  readonly fingerprint: string;
  readonly segmentCount: number;
  /** Segments handled in order so far: written, or recorded as gaps. */
  readonly written: number;
  /** Media sequence number of the next segment to write. */
  readonly nextSequence: number;
  /** Bytes of the output that are complete. */
  readonly bytes: number;
  readonly extinfSeconds: number;
  /** The init section (EXT-X-MAP) written last, by content hash: the next one is written only when it differs. */
  readonly lastMap?: string | undefined;
  readonly gaps: readonly GapRecord[];
  /**
   * Every segment is written. The state stays until the whole download (other tracks, the
   * remux) is done, so a rerun after a later crash does not fetch this track again.
   */
  readonly complete?: boolean | undefined;
}

const gapSchema = z.object({
  track: z.enum(['main', 'audio', 'subtitles']),
  firstSequence: z.number().int(),
  lastSequence: z.number().int(),
  segment: z.number().int().optional(),
  url: z.string().optional(),
  reason: z.string(),
  startSeconds: z.number(),
  durationSeconds: z.number(),
});

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  playlistUrl: z.string(),
  mediaUrl: z.string(),
  live: z.boolean(),
  fingerprint: z.string(),
  segmentCount: z.number().int().min(0),
  written: z.number().int().min(0),
  nextSequence: z.number().int().min(0),
  bytes: z.number().int().min(0),
  extinfSeconds: z.number().min(0),
  lastMap: z.string().optional(),
  gaps: z.array(gapSchema),
  complete: z.boolean().optional(),
});

export function statePathFor(output: string): string {
  return `${output}.trawl.json`;
}

/**
 * A URL without its query, where tokens live, which may change between runs. The fragment is
 * kept: it never reaches a server, and DASH tracks use it to name their Representation.
 */
export function stableUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.hash}`;
  } catch {
    return url.replace(/\?[^#]*/, '');
  }
}

/**
 * What must stay the same for a resume to be byte-exact: each segment's media sequence
 * number, EXTINF, byte range and URL (less the query), and its key and map.
 */
export function segmentFingerprint(segments: readonly StreamSegment[]): string {
  const hash = createHash('sha256');
  for (const segment of segments) {
    const range = segment.byteRange ? `${segment.byteRange.offset}+${segment.byteRange.length}` : '';
    const key = segment.key ? `${segment.key.method} ${stableUrl(segment.key.uri)} ${Buffer.from(segment.key.iv).toString('hex')}` : '';
    const map = segment.map ? `${stableUrl(segment.map.uri)} ${segment.map.byteRange?.offset ?? ''}+${segment.map.byteRange?.length ?? ''}` : '';
    hash.update(`${segment.mediaSequence}|${segment.duration}|${stableUrl(segment.uri)}|${range}|${key}|${map}\n`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** The saved state, or undefined when there is none. A file that cannot be read is an InputError. */
export async function readState(path: string): Promise<DownloadState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(path, '', 'the resume state is not valid JSON: delete it (and the output) or use --restart', { cause: error });
  }
  const result = stateSchema.safeParse(parsed);
  if (!result.success) {
    throw new InputError(path, '', 'the resume state is not one trawl can read: delete it (and the output) or use --restart');
  }
  return result.data as DownloadState;
}

/** Replaces the state file atomically: a crash leaves the old state or the new one, never half. */
export async function saveState(path: string, state: DownloadState): Promise<void> {
  const temp = `${path}.tmp`;
  await writeFile(temp, `${JSON.stringify(state)}\n`);
  await rename(temp, path);
}

export async function removeState(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.tmp`, { force: true });
}

export interface ResumeTarget {
  readonly output: string;
  readonly statePath: string;
  readonly playlistUrl: string;
  readonly mediaUrl: string;
  readonly live: boolean;
  readonly fingerprint: string;
  readonly outputBytes: number | undefined;
}

/** Throws an InputError saying what changed when `state` cannot be continued into `target`. */
export function checkResumable(state: DownloadState, target: ResumeTarget): void {
  const fail = (what: string): never => {
    throw new InputError(
      target.output,
      `resume state ${target.statePath}`,
      `${what}; delete the output and its state file, or use --restart to start over`,
    );
  };
  if (state.mediaUrl !== stableUrl(target.mediaUrl)) {
    fail(`the earlier run downloaded ${state.mediaUrl}, this one would download ${stableUrl(target.mediaUrl)} (a different variant or playlist)`);
  }
  if (state.live !== target.live) fail(state.live ? 'the earlier run recorded it live (--live)' : 'the earlier run was not a live recording');
  if (!state.live && state.fingerprint !== target.fingerprint) {
    fail('the media playlist changed since the earlier run (different segment list)');
  }
  if (target.outputBytes === undefined) fail(`its part file ${basename(target.output)}.part is missing`);
  if ((target.outputBytes ?? 0) < state.bytes) {
    fail(`its part file holds ${target.outputBytes} bytes, fewer than the ${state.bytes} the state records`);
  }
}
