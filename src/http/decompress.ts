// Content-Encoding: which codings a body carries and how to undo them (gzip, deflate in both
// its zlib-wrapped and raw forms, br), either at once for a buffered body with a size cap, or
// as a stream for downloads. zlib does the work; only the deflate-flavour sniff is ours.
import { Transform, type Duplex, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { promisify } from 'node:util';

export type Coding = 'gzip' | 'deflate' | 'br';

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

// Browsers accept a body cut short at the end of a flushed block; so do we.
const ZLIB_OPTIONS = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BROTLI_OPTIONS = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

/**
 * The codings to undo, in undo order (the last one applied first), or undefined when the body is
 * not encoded or uses a coding we cannot undo (it is then returned as received).
 */
export function codingsToUndo(contentEncoding: string | undefined): Coding[] | undefined {
  if (!contentEncoding) return undefined;
  const codings: Coding[] = [];
  for (const part of contentEncoding.split(',')) {
    const name = part.trim().toLowerCase();
    if (name === 'gzip' || name === 'x-gzip') codings.unshift('gzip');
    else if (name === 'deflate') codings.unshift('deflate');
    else if (name === 'br') codings.unshift('br');
    else if (name !== 'identity' && name !== '') return undefined;
  }
  return codings.length > 0 ? codings : undefined;
}

/** True when `bytes` start with a zlib (RFC 1950) header rather than a raw deflate block. */
function hasZlibHeader(bytes: Uint8Array): boolean {
  const cmf = bytes[0];
  const flg = bytes[1];
  if (cmf === undefined || (cmf & 0x0f) !== 8 || cmf >> 4 > 7) return false;
  return flg === undefined || ((cmf << 8) | flg) % 31 === 0;
}

/**
 * Decodes a whole body. Output beyond `maxBytes` makes zlib stop with ERR_BUFFER_TOO_LARGE,
 * so a small compressed bomb never expands past the limit in memory.
 */
export async function decodeBuffer(body: Buffer, codings: readonly Coding[], maxBytes: number): Promise<Buffer> {
  let out = body;
  for (const coding of codings) {
    if (out.length === 0) return out;
    const options = { maxOutputLength: maxBytes };
    if (coding === 'gzip') out = await gunzip(out, { ...ZLIB_OPTIONS, ...options });
    else if (coding === 'br') out = await brotli(out, { ...BROTLI_OPTIONS, ...options });
    else if (hasZlibHeader(out)) out = await inflate(out, { ...ZLIB_OPTIONS, ...options });
    else out = await inflateRaw(out, { ...ZLIB_OPTIONS, ...options });
  }
  return out;
}

/** Streaming decoders for `codings`, one per coding, to be piped in the order given. */
export function createDecoders(codings: readonly Coding[]): Duplex[] {
  return codings.map((coding) => {
    if (coding === 'gzip') return zlib.createGunzip(ZLIB_OPTIONS);
    if (coding === 'br') return zlib.createBrotliDecompress(BROTLI_OPTIONS);
    return new InflateAuto();
  });
}

/**
 * "deflate" on the web is sometimes zlib-wrapped (as the RFC says) and sometimes raw; the first
 * two bytes tell which, so the real inflater is chosen once they have arrived.
 */
class InflateAuto extends Transform {
  #inner: zlib.Inflate | zlib.InflateRaw | undefined;
  #head: Buffer | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#inner) {
      this.#inner.write(chunk, () => callback());
      return;
    }
    const head = this.#head ? Buffer.concat([this.#head, chunk]) : chunk;
    if (head.length < 2) {
      this.#head = head;
      callback();
      return;
    }
    this.#head = undefined;
    this.#start(head).write(head, () => callback());
  }

  override _flush(callback: TransformCallback): void {
    if (!this.#inner && this.#head) this.#start(this.#head).write(this.#head);
    const inner = this.#inner;
    if (!inner) {
      callback();
      return;
    }
    inner.once('end', () => callback());
    inner.end();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#inner?.destroy();
    callback(error);
  }

  #start(head: Buffer): zlib.Inflate | zlib.InflateRaw {
    const inner = hasZlibHeader(head) ? zlib.createInflate(ZLIB_OPTIONS) : zlib.createInflateRaw(ZLIB_OPTIONS);
    inner.on('data', (data: Buffer) => this.push(data));
    inner.on('error', (error) => this.destroy(error));
    this.#inner = inner;
    return inner;
  }
}
