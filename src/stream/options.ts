// Options of the stream downloaders (downloadHls, downloadDash, downloadStream): documented
// defaults, validated once with zod at the public boundary; an OptionError names the option and
// the value received, and unknown keys are refused.
import { Writable } from 'node:stream';
import { z } from 'zod';
import { validateOptions } from '../config/validate.js';
import { OptionError } from '../errors/option-error.js';
import { Fetcher } from '../http/fetcher.js';
import { maskProxy, parseProxyUrl } from '../http/proxy/proxy-url.js';
import { TypedEmitter } from '../util/emitter.js';
import type { VariantSpec } from '../hls/parser/select.js';
import { parseHex16 } from './keys.js';
import type { StreamEvent } from './types.js';

export interface StreamDownloadOptions {
  /** The manifest: an HLS master or media playlist, or a DASH MPD (http or https). */
  readonly url: string;
  /**
   * The output file. One track to any name but `.mp4`/`.mkv` is its bytes as served (init,
   * then each segment), byte for byte; `.mp4`/`.mkv` are made by ffmpeg (one track remuxed,
   * several muxed in one call). Several tracks without ffmpeg, or to another extension, go to
   * `<stem>.<video|audio|subs>[.<lang>].<ext>` beside it. Bytes live in `<file>.part` until the
   * whole download is done.
   * @default named after the manifest URL, `.ts` (HLS) or `.mp4` (DASH), in the current folder
   */
  readonly output?: string;
  /** Write the main track to this stream instead of a file (the CLI's `-o -`): no resume, one track. @default undefined */
  readonly outputStream?: Writable;
  /** Which variant (HLS) or video Representation (DASH): best, worst, `<height>p` or a bandwidth ceiling. @default 'best' */
  readonly variant?: VariantSpec;
  /** Audio language (RFC 5646; `en` matches `en-US`). @default the default (HLS) or first (DASH) audio, when separate */
  readonly audio?: string;
  /** Subtitle language. @default none */
  readonly subs?: string;
  /** Format of the subtitle file: WebVTT or SubRip. @default 'vtt' */
  readonly subFormat?: 'vtt' | 'srt';
  /** Segments fetched at once. @default 8 */
  readonly concurrency?: number;
  /** Retries of a failed request (network errors, 408, 429, 5xx, short bodies). @default 3 */
  readonly retries?: number;
  /** HLS: AES-128 key to use instead of the playlist's (16 bytes, or 32 hex digits). @default undefined */
  readonly key?: Uint8Array | string;
  /** HLS: IV to use for every segment instead of the playlist's (16 bytes, or 32 hex digits). @default undefined */
  readonly iv?: Uint8Array | string;
  /** Headers sent with every request (Cookie, Referer, Authorization…). @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** @default 'trawl/0.1' */
  readonly userAgent?: string;
  /** Proxy URL(s) for every request, as FetcherOptions.proxy (undefined: HTTP_PROXY / HTTPS_PROXY). @default undefined */
  readonly proxy?: string | readonly string[];
  /** As FetcherOptions.proxyRotation. @default 'request' */
  readonly proxyRotation?: 'request' | 'host';
  /** false: refuse private and loopback addresses, as FetcherOptions.privateNetworks. @default true */
  readonly privateNetworks?: boolean;
  /** Response and body timeout in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** A Fetcher to use (its cookie jar, proxy and limits) instead of one made from the options above. @default undefined */
  readonly fetcher?: Fetcher;
  /** Write a gap report and go on when a segment fails for good, instead of stopping. @default false */
  readonly allowGaps?: boolean;
  /** Ignore an earlier run's state and start the output over. @default false */
  readonly restart?: boolean;
  /** Record a live stream (HLS live/EVENT playlist, dynamic MPD) as it grows, until it ends or `durationSeconds`. @default false */
  readonly live?: boolean;
  /** Live: stop once this many seconds of media are recorded. @default undefined (until the stream ends) */
  readonly durationSeconds?: number;
  /** Refuse manifests that deviate from the standard even where common players accept them. @default false */
  readonly strict?: boolean;
  /** Bytes of finished segments held out of order before no further segment starts. @default 33554432 (32 MiB) */
  readonly maxBufferBytes?: number;
  /**
   * Read the output's duration to compare with the manifest's: from its own timestamps for
   * MPEG-TS and fragmented MP4 (in-process), with ffprobe (when installed) for anything else.
   * @default true
   */
  readonly probe?: boolean;
  /** Receives progress, warnings, gaps. @default undefined */
  readonly events?: TypedEmitter<StreamEvent>;
  /** Stops the download; its state stays so that the same call resumes it. @default undefined */
  readonly signal?: AbortSignal;
}

export interface ResolvedStreamOptions {
  readonly url: string;
  readonly output: string | undefined;
  readonly outputStream: Writable | undefined;
  readonly variant: string;
  readonly audio: string | undefined;
  readonly subs: string | undefined;
  readonly subFormat: 'vtt' | 'srt';
  readonly concurrency: number;
  readonly retries: number;
  readonly key: Buffer | undefined;
  readonly iv: Buffer | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly userAgent: string | undefined;
  readonly proxy: string | readonly string[] | undefined;
  readonly proxyRotation: 'request' | 'host' | undefined;
  readonly privateNetworks: boolean;
  readonly timeoutMs: number;
  readonly fetcher: Fetcher | undefined;
  readonly allowGaps: boolean;
  readonly restart: boolean;
  readonly live: boolean;
  readonly durationSeconds: number | undefined;
  readonly strict: boolean;
  readonly maxBufferBytes: number;
  readonly probe: boolean;
  readonly events: TypedEmitter<StreamEvent>;
  readonly signal: AbortSignal | undefined;
}

const bytes16 = z.union([z.string(), z.instanceof(Uint8Array).refine((value) => value.length === 16, 'must be 16 bytes')]);

const schema = z.strictObject({
  url: z.string().refine((value) => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value), 'must be an http:// or https:// URL'),
  output: z.string().min(1).optional(),
  outputStream: z.instanceof(Writable).optional(),
  variant: z.string().min(1).default('best'),
  audio: z.string().min(1).optional(),
  subs: z.string().min(1).optional(),
  subFormat: z.enum(['vtt', 'srt']).default('vtt'),
  concurrency: z.number().int().min(1).max(256).default(8),
  retries: z.number().int().min(0).default(3),
  key: bytes16.optional(),
  iv: bytes16.optional(),
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid header name'), z.string()).default({}),
  userAgent: z.string().min(1).optional(),
  proxy: z.union([z.string(), z.array(z.string())]).optional(),
  proxyRotation: z.enum(['request', 'host']).optional(),
  privateNetworks: z.boolean().default(true),
  timeoutMs: z.number().int().min(1).default(30_000),
  fetcher: z.instanceof(Fetcher).optional(),
  allowGaps: z.boolean().default(false),
  restart: z.boolean().default(false),
  live: z.boolean().default(false),
  durationSeconds: z.number().positive().optional(),
  strict: z.boolean().default(false),
  maxBufferBytes: z.number().int().min(1 << 16).default(32 * 1024 * 1024),
  probe: z.boolean().default(true),
  events: z.instanceof(TypedEmitter).optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

/** Validates `input` and fills in defaults; throws OptionError naming the first bad option. */
export function resolveStreamOptions(input: StreamDownloadOptions, owner: string): ResolvedStreamOptions {
  const data = validateOptions(schema, input, owner);
  for (const proxy of typeof data.proxy === 'string' ? [data.proxy] : (data.proxy ?? [])) {
    const parsed = parseProxyUrl(proxy);
    if (typeof parsed === 'string') throw new OptionError('proxy', maskProxy(proxy), parsed);
  }
  return {
    ...data,
    output: data.output,
    outputStream: data.outputStream,
    audio: data.audio,
    subs: data.subs,
    key: toBytes(data.key, 'key'),
    iv: toBytes(data.iv, 'iv'),
    userAgent: data.userAgent,
    proxy: data.proxy,
    proxyRotation: data.proxyRotation,
    fetcher: data.fetcher,
    durationSeconds: data.durationSeconds,
    events: (data.events as TypedEmitter<StreamEvent> | undefined) ?? new TypedEmitter<StreamEvent>(),
    signal: data.signal,
  };
}

function toBytes(value: string | Uint8Array | undefined, option: string): Buffer | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? parseHex16(value, option) : Buffer.from(value);
}

/** A Fetcher for one download: two more slots than segments, so keys and manifests never wait behind them. */
export function createStreamFetcher(options: ResolvedStreamOptions): Fetcher {
  const slots = options.concurrency + 2;
  return new Fetcher({
    concurrency: slots,
    perHost: slots,
    maxRetries: options.retries,
    headers: options.headers,
    connectTimeoutMs: Math.min(options.timeoutMs, 10_000),
    headersTimeoutMs: options.timeoutMs,
    bodyTimeoutMs: options.timeoutMs,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.proxyRotation ? { proxyRotation: options.proxyRotation } : {}),
    privateNetworks: options.privateNetworks,
  });
}
