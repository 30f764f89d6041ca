// One segment from URL to plaintext: fetch (byte range, length check), the key (fetched once
// per URI, concurrently with the body), AES-128 decryption, the MPEG-TS sync check, and the
// segment's init section. A 403 re-fetches the manifest once (shared with every other segment
// that hit it) and tries again with the fresh URIs, matched by media sequence number.
import { createDecipheriv, createHash, type Decipher } from 'node:crypto';
import { IntegrityError } from '../errors/integrity-error.js';
import { errorMessage } from '../errors/trawl-error.js';
import type { Fetcher } from '../http/index.js';
import type { BlockPool, BlockWriter } from './block-pool.js';
import { assertDecryptable, decryptAes128, ivFor, type KeyStore } from './keys.js';
import { fetchResource, isExpiredUrl, type ChunkSink } from './resource-fetch.js';
import type { SegmentList } from './segment-list.js';
import { expectsMpegTs, findSyncError } from './ts-sync.js';
import type { InitRef, StreamSegment } from './types.js';

/**
 * Where a track's segments come from: the manifest (an HLS media playlist, a DASH MPD), kept
 * current. `refresh` fetches it again once however many segments ask at the same time; a
 * caller that saw generation `seen` gets the newer list without a new fetch when there is one.
 */
export interface SegmentSource {
  /** The manifest's URL, for messages. */
  readonly url: string;
  /** Counts loads: a segment that failed under generation g knows whether a newer list exists. */
  readonly generation: number;
  refresh(seen: number): Promise<readonly StreamSegment[]>;
}

/** An init section, decrypted, with a hash of its bytes (it is written again only when that changes). */
export interface InitSection {
  readonly hash: string;
  readonly parts: readonly Buffer[];
  readonly bytes: number;
}

export interface SegmentPiece {
  readonly parts: readonly Buffer[];
  /** Pool blocks behind `parts`: give them back once the parts are written. */
  readonly blocks: readonly Buffer[];
  readonly bytes: number;
  readonly fetched: number;
  readonly map?: InitSection | undefined;
}

/** A failure that retrying the segment cannot fix: the download stops at once. */
export class FatalSegmentFailure extends Error {
  constructor(readonly error: unknown) {
    super(errorMessage(error));
  }
}

/** What a track's segments share: the fetcher, the key and init-section caches, the playlist. */
export interface JobDeps {
  readonly fetcher: Fetcher;
  readonly keys: KeyStore;
  readonly maps: MapStore;
  readonly source: SegmentSource;
  readonly pool: BlockPool;
  readonly retries: number;
  readonly ivOverride?: Uint8Array | undefined;
  /**
   * Rewrites a segment's plaintext before it is written (subtitles: fMP4 or TTML cues turned
   * into WebVTT). It gets the segment's init section, which is then not written itself.
   */
  readonly transform?: ((parts: readonly Buffer[], index: number, segment: StreamSegment, init: InitSection | undefined) => Buffer[]) | undefined;
  /** Whether segments are MPEG-TS (checked for sync bytes); undefined: judged from each URI (HLS). */
  readonly mpegTs?: boolean | undefined;
  readonly onRetry: (url: string, attempt: number, delayMs: number, reason: string) => void;
  readonly onRefresh: (url: string, reason: string) => void;
}

export interface JobContext extends JobDeps {
  readonly list: SegmentList;
  readonly signal: AbortSignal;
  readonly describe: (index: number) => string;
}

export async function produceSegment(ctx: JobContext, index: number): Promise<SegmentPiece> {
  let refreshed = false;
  for (;;) {
    const generation = ctx.source.generation;
    const segment = ctx.list.at(index);
    try {
      return await attempt(ctx, index, segment);
    } catch (error) {
      if (refreshed || !isExpiredUrl(error)) throw error;
      refreshed = true;
      ctx.onRefresh(ctx.source.url, `${ctx.describe(index)}: ${errorMessage(error)}`);
      const fresh = await ctx.source.refresh(generation);
      ctx.list.refreshFrom(fresh);
      if (!ctx.list.listedIn(fresh, index)) throw error;
    }
  }
}

async function attempt(ctx: JobContext, index: number, segment: StreamSegment): Promise<SegmentPiece> {
  const where = ctx.describe(index);
  // Checked for the whole list before the download starts; again here for live segments.
  assertDecryptable(segment.key, ctx.source.url);
  if (segment.map) assertDecryptable(segment.map.key, ctx.source.url);
  // The key and the init section are asked for before the body so all three travel at once.
  const key = segment.key;
  const keyPromise = key ? ctx.keys.get(key.uri) : undefined;
  const mapPromise = segment.map ? ctx.maps.get(segment.map, ctx) : undefined;
  keyPromise?.catch(() => {});
  mapPromise?.catch(() => {});
  const onRetry = (attemptNo: number, delayMs: number, reason: string): void => ctx.onRetry(segment.uri, attemptNo, delayMs, reason);
  let writer: BlockWriter | undefined;
  const sink = (): ChunkSink => {
    writer?.discard();
    writer = ctx.pool.writer();
    return key && keyPromise ? decryptingSink(keyPromise, ivFor(key, ctx.ivOverride), writer) : copyingSink(writer);
  };
  let received;
  try {
    received = await fetchResource(ctx.fetcher, segment.uri, segment.byteRange, { signal: ctx.signal, retries: ctx.retries, onRetry, sink });
  } catch (error) {
    if (error instanceof BadPadding && key) {
      // Noise from a wrong key usually fails the padding too; the sync bytes say it plainer.
      const offset = (ctx.mpegTs ?? expectsMpegTs(segment.uri, segment.map !== undefined)) && writer ? findSyncError(writer.finish().parts) : -1;
      writer?.discard();
      const reason = offset >= 0 ? syncReason(where, true, offset) : `${where}: AES-128 decryption failed (bad padding)`;
      throw keyProblem(ctx, key.uri, segment.uri, reason, error.cause);
    }
    writer?.discard();
    throw error;
  }
  let parts = received.parts;
  let blocks = writer!.finish().blocks;
  const isTs = ctx.mpegTs ?? expectsMpegTs(segment.uri, segment.map !== undefined);
  if (isTs) {
    const offset = findSyncError(parts);
    if (offset >= 0) {
      writer?.discard();
      const reason = syncReason(where, key !== undefined, offset);
      if (key) throw keyProblem(ctx, key.uri, segment.uri, reason);
      throw new IntegrityError(segment.uri, reason);
    }
  }
  if (key) ctx.keys.markVerified(key.uri);
  let map: InitSection | undefined;
  try {
    map = mapPromise ? await mapPromise : undefined;
  } catch (error) {
    ctx.pool.release(blocks);
    throw error;
  }
  if (ctx.transform) {
    try {
      parts = ctx.transform(parts, index, segment, map);
    } finally {
      ctx.pool.release(blocks);
    }
    blocks = [];
    map = undefined;
  }
  let bytes = 0;
  for (const part of parts) bytes += part.length;
  return { parts, blocks, bytes, fetched: received.fetched, map };
}

function syncReason(where: string, decrypted: boolean, offset: number): string {
  return `${where}: not MPEG-TS after ${decrypted ? 'decryption' : 'download'} (no sync byte 0x47 at offset ${offset})`;
}

/** The padding check of the last block failed: the key or the IV is wrong, or the bytes are. */
class BadPadding extends Error {
  constructor(override readonly cause: unknown) {
    super('bad padding');
  }
}

/**
 * Decrypts chunks as they arrive, so a segment is never held twice. Until the key is there
 * (its fetch runs beside the first segments') the chunks wait as they are.
 */
function decryptingSink(key: Promise<Buffer>, iv: Uint8Array, out: BlockWriter): ChunkSink {
  let waiting: Buffer[] | undefined = [];
  let decipher: Decipher | undefined;
  const ready = key.then((bytes) => {
    decipher = createDecipheriv('aes-128-cbc', bytes, iv);
    for (const chunk of waiting ?? []) out.write(decipher.update(chunk));
    waiting = undefined;
  });
  ready.catch(() => {});
  return {
    push(chunk) {
      if (decipher) out.write(decipher.update(chunk));
      else waiting?.push(chunk);
    },
    async end() {
      await ready;
      try {
        out.write(decipher!.final());
      } catch (error) {
        throw new BadPadding(error);
      }
      return out.finish().parts;
    },
  };
}

function copyingSink(out: BlockWriter): ChunkSink {
  return {
    push: (chunk) => out.write(chunk),
    end: async () => out.finish().parts,
  };
}

/**
 * Garbage after decryption under a key that has never decrypted anything correctly is the
 * key's fault (or the user's --key / --iv): stop at once. Under a key that worked for other
 * segments, it is this segment's: worth another try.
 */
function keyProblem(ctx: JobContext, keyUri: string, url: string, reason: string, cause?: unknown): unknown {
  if (ctx.keys.isVerified(keyUri)) return new IntegrityError(url, reason, { cause });
  return new FatalSegmentFailure(new IntegrityError(url, `${reason} — wrong key?`, { retryable: false, cause }));
}

/** Init sections by URI and byte range, each fetched (and decrypted) once. */
export class MapStore {
  readonly #maps = new Map<string, Promise<InitSection>>();

  get(map: InitRef, ctx: JobContext): Promise<InitSection> {
    const id = `${map.uri} ${map.byteRange?.offset ?? ''}+${map.byteRange?.length ?? ''}`;
    let section = this.#maps.get(id);
    if (section === undefined) {
      section = loadMap(map, ctx);
      section.catch(() => {
        if (this.#maps.get(id) === section) this.#maps.delete(id);
      });
      this.#maps.set(id, section);
    }
    return section;
  }
}

async function loadMap(map: InitRef, ctx: JobContext): Promise<InitSection> {
  const received = await fetchResource(ctx.fetcher, map.uri, map.byteRange, {
    signal: ctx.signal,
    retries: ctx.retries,
    onRetry: (attemptNo, delayMs, reason) => ctx.onRetry(map.uri, attemptNo, delayMs, reason),
  });
  const body = Buffer.concat(received.parts);
  let parts: Buffer[] = [body];
  if (map.key) {
    const key = await ctx.keys.get(map.key.uri);
    try {
      parts = decryptAes128(body, key, ivFor(map.key, ctx.ivOverride));
    } catch (error) {
      throw new FatalSegmentFailure(new IntegrityError(map.uri, 'AES-128 decryption of the init section failed (bad padding) — wrong key?', { retryable: false, cause: error }));
    }
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for (const part of parts) {
    hash.update(part);
    bytes += part.length;
  }
  return { hash: hash.digest('hex').slice(0, 32), parts, bytes };
}
