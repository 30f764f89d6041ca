// The innermost layer: one HTTP exchange on an undici dispatcher. fetch() uses a bare dispatch
// handler that gathers the body into chunks (no stream machinery per request), enforces
// maxBodyBytes while bytes arrive and decodes Content-Encoding at the end; stream() uses
// dispatcher.request() and hands the undecoded body up. Failures leave as trawl errors.
import type { Dispatcher } from 'undici';
// undici's request() API by itself: its index (which attaches it to every dispatcher) loads far more.
import request from 'undici/lib/api/api-request.js';
import { BodyTooLargeError } from '../errors/body-too-large-error.js';
import { codingsToUndo, decodeBuffer } from './decompress.js';
import type { Exchange, Hop, Send } from './exchange.js';
import { mapTransportError, type Timeouts } from './map-error.js';

export interface TransportConfig extends Timeouts {
  readonly maxBodyBytes: number;
}

type RawHeaders = Record<string, string | string[] | undefined>;

/** Flattens undici's parsed headers: repeats joined with ', ', Set-Cookie kept apart. */
export function normalizeHeaders(parsed: RawHeaders): { headers: Record<string, string>; setCookies?: string[] } {
  let setCookies: string[] | undefined;
  let copy: Record<string, string> | undefined;
  for (const name in parsed) {
    const value = parsed[name];
    if (typeof value === 'string') {
      if (name === 'set-cookie') setCookies = [value];
      continue;
    }
    copy ??= { ...(parsed as Record<string, string>) };
    if (value === undefined) {
      delete copy[name];
    } else if (name === 'set-cookie') {
      setCookies = value;
      copy[name] = value.join('\n');
    } else {
      copy[name] = value.join(', ');
    }
  }
  return { headers: copy ?? (parsed as Record<string, string>), setCookies };
}

// Compressing data that does not compress makes it slightly larger (deflate: 5 bytes per stored
// 64 KiB block, plus gzip's header and trailer; brotli about as little). This slack on the
// encoded size keeps a body whose decoded size is within the limit from being cut off early;
// the decoded size itself is then checked exactly.
function encodedLimit(maxBodyBytes: number): number {
  return maxBodyBytes + Math.ceil(maxBodyBytes / 1000) + 1024;
}

/**
 * Collects one response. The dispatch-handler API (rather than request()) spares a Readable,
 * its buffering and its events for every page of a crawl.
 */
class BufferHandler implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: Record<string, string> = {};
  #setCookies: string[] | undefined;
  #chunks: Buffer[] = [];
  #size = 0;
  #limit: number;
  #encoded = false;
  #settled = false;

  constructor(
    readonly exchange: Exchange,
    readonly config: TransportConfig,
    readonly resolve: (hop: Hop) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.#limit = config.maxBodyBytes;
    exchange.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.exchange.signal?.aborted) controller.abort(this.exchange.signal.reason);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    status: number,
    parsed: RawHeaders,
  ): void {
    if (status < 200) return; // 1xx informational: the real response follows
    this.#status = status;
    const { headers, setCookies } = normalizeHeaders(parsed);
    this.#headers = headers;
    this.#setCookies = setCookies;
    this.#encoded = headers['content-encoding'] !== undefined;
    if (this.#encoded) this.#limit = encodedLimit(this.config.maxBodyBytes);
    // A HEAD answer states the size of a body it does not send.
    const length = this.exchange.method === 'HEAD' ? undefined : headers['content-length'];
    if (length !== undefined && Number(length) > this.#limit) this.#tooLarge(controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.#tooLarge(controller);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.#cleanup();
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#size);
    const codings = this.#encoded ? codingsToUndo(this.#headers['content-encoding']) : undefined;
    if (!codings) {
      this.#settle(body);
      return;
    }
    decodeBuffer(body, codings, this.config.maxBodyBytes).then(
      (decoded) => this.#settle(decoded),
      (error: unknown) => {
        const url = this.exchange.url.href;
        const code = (error as { code?: unknown }).code;
        this.#fail(
          code === 'ERR_BUFFER_TOO_LARGE'
            ? new BodyTooLargeError(url, this.config.maxBodyBytes, { cause: error })
            : mapTransportError(error, url, this.config),
        );
      },
    );
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#cleanup();
    this.#fail(mapTransportError(error, this.exchange.url.href, this.config, this.exchange.signal));
  }

  // Settles at once even while undici still queues the request; it is aborted once it starts.
  readonly #onAbort = (): void => {
    this.#controller?.abort(this.exchange.signal?.reason);
    this.#fail(this.exchange.signal?.reason);
  };

  #tooLarge(controller: Dispatcher.DispatchController): void {
    // Aborting closes the connection: the rest of the body is never downloaded.
    controller.abort(new BodyTooLargeError(this.exchange.url.href, this.config.maxBodyBytes));
  }

  #cleanup(): void {
    this.exchange.signal?.removeEventListener('abort', this.#onAbort);
  }

  #settle(body: Buffer): void {
    if (this.#settled) return;
    this.#settled = true;
    this.resolve({ status: this.#status, headers: this.#headers, setCookies: this.#setCookies, body, raw: undefined });
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.reject(error);
  }
}

function dispatchOptions(exchange: Exchange): Dispatcher.DispatchOptions {
  const url = exchange.url;
  return {
    origin: url.origin,
    path: url.pathname + url.search,
    method: exchange.method as Dispatcher.HttpMethod,
    // Shared, frozen header objects are passed as they are: no copy per request. undici's proxy
    // agents (an exchange the proxy layer routed) write a Host header into theirs: a copy.
    headers: exchange.dispatcher !== undefined ? { ...exchange.headers } : (exchange.headers as Record<string, string>),
    body: exchange.body ?? null,
  };
}

async function streamExchange(dispatcher: Dispatcher, exchange: Exchange, config: TransportConfig): Promise<Hop> {
  try {
    const response = await request.call(exchange.dispatcher ?? dispatcher, { ...dispatchOptions(exchange), signal: exchange.signal });
    const { headers, setCookies } = normalizeHeaders(response.headers);
    return { status: response.statusCode, headers, setCookies, body: undefined, raw: response.body };
  } catch (error) {
    throw mapTransportError(error, exchange.url.href, config, exchange.signal);
  }
}

/** The transport layer: sends one Exchange through its own dispatcher (a proxy's), else `dispatcher`. */
export function transportLayer(dispatcher: Dispatcher, config: TransportConfig): Send {
  return (exchange) => {
    if (exchange.signal?.aborted) return Promise.reject(exchange.signal.reason);
    if (exchange.streaming) return streamExchange(dispatcher, exchange, config);
    return new Promise<Hop>((resolve, reject) => {
      (exchange.dispatcher ?? dispatcher).dispatch(dispatchOptions(exchange), new BufferHandler(exchange, config, resolve, reject));
    });
  };
}
