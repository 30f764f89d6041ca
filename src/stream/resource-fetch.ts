// Fetching one segment, init section or key as a stream: a byte range when the playlist gives
// one (a 200 with the whole resource is cut down to it on the fly), no content-coding so that
// Content-Length is the length of the bytes themselves, and a length check that turns a short
// body into a retryable IntegrityError. Chunks go to a sink as they arrive (the segment job
// decrypts them there), so no segment is ever copied whole. The Fetcher retries connection
// errors, 408/429/5xx and Retry-After up to the response headers; this layer retries what
// happens after them (a body cut short, a wrong length).
import { HttpStatusError } from '../errors/http-status-error.js';
import { IntegrityError } from '../errors/integrity-error.js';
import { TrawlError } from '../errors/trawl-error.js';
import type { Fetcher } from '../http/index.js';
import { backoffDelay, sleep } from '../util/backoff.js';
import type { ByteRange } from '../hls/parser/types.js';

/** Where the bytes of one attempt go. A new sink is made for every attempt. */
export interface ChunkSink {
  push(chunk: Buffer): void;
  /** All bytes are in: the result (or a rejection that fails the attempt). */
  end(): Promise<Buffer[]>;
}

export interface Received {
  readonly parts: Buffer[];
  /** Bytes received (after the range cut). */
  readonly fetched: number;
}

export interface ResourceFetchOptions {
  readonly signal?: AbortSignal | undefined;
  /** Extra attempts after a failure during the body (cut short, wrong length). */
  readonly retries: number;
  readonly onRetry?: ((attempt: number, delayMs: number, reason: string) => void) | undefined;
  /** @default a sink that keeps the chunks as they are */
  readonly sink?: (() => ChunkSink) | undefined;
  /** Sees each response's headers (a DASH index fetch reads the file's size from Content-Range). */
  readonly onResponse?: ((headers: Readonly<Record<string, string>>, status: number) => void) | undefined;
}

export async function fetchResource(fetcher: Fetcher, url: string, range: ByteRange | undefined, options: ResourceFetchOptions): Promise<Received> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(fetcher, url, range, options);
    } catch (error) {
      const again = error instanceof BodyFailure && error.cause.retryable && attempt < options.retries && !options.signal?.aborted;
      if (!again) throw error instanceof BodyFailure ? error.cause : error;
      const delayMs = backoffDelay(attempt + 1, { baseMs: 250, maxMs: 5000 });
      options.onRetry?.(attempt + 2, delayMs, error.cause.message);
      await sleep(delayMs, options.signal);
    }
  }
}

/** A failure after the headers arrived: this layer's to retry (the Fetcher's retries stop at the headers). */
class BodyFailure extends Error {
  constructor(override readonly cause: TrawlError) {
    super(cause.message);
  }
}

const identity = { 'accept-encoding': 'identity' } as const;

function keepChunks(): ChunkSink {
  const parts: Buffer[] = [];
  return { push: (chunk) => parts.push(chunk), end: async () => parts };
}

async function fetchOnce(fetcher: Fetcher, url: string, range: ByteRange | undefined, options: ResourceFetchOptions): Promise<Received> {
  const headers = range ? { ...identity, range: `bytes=${range.offset}-${range.offset + range.length - 1}` } : identity;
  const response = await fetcher.stream({ url, headers, ...(options.signal ? { signal: options.signal } : {}) });
  options.onResponse?.(response.headers, response.status);
  const sink = (options.sink ?? keepChunks)();
  const finalUrl = response.url;
  // With a 200 to a range request, the wanted bytes are [skip, skip + want) of the whole body.
  let skip = 0;
  let want = Number.POSITIVE_INFINITY;
  let expected: number | undefined;
  const declared = response.headers['content-length'];
  if (range) {
    if (response.status === 206) {
      const start = /^bytes (\d+)-/.exec(response.headers['content-range'] ?? '');
      if (start && Number(start[1]) !== range.offset) {
        response.body.destroy();
        throw new IntegrityError(finalUrl, `asked for bytes from ${range.offset}, the server sent from ${start[1]}`, { retryable: false });
      }
      expected = range.length;
    } else {
      skip = range.offset;
      want = range.length;
      expected = range.length;
    }
  }
  let seen = 0;
  let fetched = 0;
  try {
    for await (const data of response.body) {
      const chunk = data as Buffer;
      const from = Math.max(0, skip - seen);
      seen += chunk.length;
      if (from >= chunk.length) continue;
      const take = Math.min(chunk.length - from, want - fetched);
      if (take <= 0) break;
      sink.push(from === 0 && take === chunk.length ? chunk : chunk.subarray(from, from + take));
      fetched += take;
      if (fetched >= want) break;
    }
  } catch (error) {
    if (error instanceof TrawlError) throw new BodyFailure(error);
    throw error;
  } finally {
    response.body.destroy();
  }
  const whole = skip === 0 && want === Number.POSITIVE_INFINITY;
  if (whole && declared !== undefined && response.headers['content-encoding'] === undefined && Number(declared) !== seen) {
    throw new BodyFailure(new IntegrityError(finalUrl, `the body is ${seen} bytes, Content-Length said ${declared}`));
  }
  if (expected !== undefined && fetched !== expected) {
    const short = `got ${fetched} of the ${expected} bytes of the range ${range!.length}@${range!.offset}`;
    // A whole resource too short for the range will not grow on a second try.
    throw skip > 0 || want !== Number.POSITIVE_INFINITY ? new IntegrityError(finalUrl, short, { retryable: false }) : new BodyFailure(new IntegrityError(finalUrl, short));
  }
  return { parts: await sink.end(), fetched };
}

/** A 403 (or 401/410): the URL's token has most likely expired; a fresh playlist may have new ones. */
export function isExpiredUrl(error: unknown): boolean {
  return error instanceof HttpStatusError && (error.status === 403 || error.status === 401 || error.status === 410);
}
