// sniffPage's options: documented defaults, validated once with zod at the public boundary.
import { z } from 'zod';
import { validateOptions } from '../config/validate.js';
import { TypedEmitter } from '../util/emitter.js';
import type { SniffedMedia, SniffEvent } from './sniff-types.js';

export interface SniffOptions {
  /** The page to open (http or https). */
  readonly url: string;
  /** Chromium executable. @default TRAWL_BROWSER, else /usr/bin/chromium */
  readonly executablePath?: string;
  /** Longest time to watch the page, counted from the start of loading; it also caps loading, the click and scrolling. @default 15000 */
  readonly waitMs?: number;
  /** The network counts as quiet once no request (other than media already seen) has been in flight for this long. @default 500 */
  readonly quietMs?: number;
  /** A CSS selector to click once the page has loaded (a play button). @default undefined */
  readonly click?: string;
  /** Scroll to the bottom until the page stops growing (lazy players, endless lists). @default false */
  readonly scroll?: boolean;
  /** Extra headers for every request of the page. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** The browser's User-Agent. @default Chromium's own */
  readonly userAgent?: string;
  /**
   * Stop early: once a media request for which this returns true is seen, watching ends when the
   * network is quiet or one more second has passed (other candidates the page requests at the
   * same time are still caught). @default undefined (watch until quiet or waitMs)
   */
  readonly until?: (media: SniffedMedia) => boolean;
  /** Receives each media request as it is seen, and notes (pop-ups closed, navigations, time caps). @default undefined */
  readonly events?: TypedEmitter<SniffEvent>;
  /** Stops watching; the promise rejects with the signal's reason. @default undefined */
  readonly signal?: AbortSignal;
}

export interface ResolvedSniffOptions {
  readonly url: string;
  readonly executablePath: string | undefined;
  readonly waitMs: number;
  readonly quietMs: number;
  readonly click: string | undefined;
  readonly scroll: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly userAgent: string | undefined;
  readonly until: ((media: SniffedMedia) => boolean) | undefined;
  readonly events: TypedEmitter<SniffEvent>;
  readonly signal: AbortSignal | undefined;
}

const schema = z.strictObject({
  url: z.string().refine((value) => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value), 'must be an http:// or https:// URL'),
  executablePath: z.string().min(1).optional(),
  waitMs: z.number().int().min(100).max(3_600_000).default(15_000),
  quietMs: z.number().int().min(0).max(60_000).default(500),
  click: z.string().min(1).optional(),
  scroll: z.boolean().default(false),
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid header name'), z.string()).default({}),
  userAgent: z.string().min(1).optional(),
  until: z.custom<(media: SniffedMedia) => boolean>((value) => typeof value === 'function', 'must be a function').optional(),
  events: z.instanceof(TypedEmitter).optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

/** Validates `input` and fills in defaults; throws OptionError naming the first bad option. */
export function resolveSniffOptions(input: SniffOptions): ResolvedSniffOptions {
  const data = validateOptions(schema, input, 'sniffPage');
  return Object.freeze({
    ...data,
    executablePath: data.executablePath,
    click: data.click,
    userAgent: data.userAgent,
    until: data.until,
    events: (data.events as TypedEmitter<SniffEvent> | undefined) ?? new TypedEmitter<SniffEvent>(),
    signal: data.signal,
  });
}
