// runBench's options: documented defaults, validated once with zod (OptionError names the option
// and the value received), and the parsers of the comma lists the CLI takes (--modes, --sweep).
import { z } from 'zod';
import { OptionError } from '../errors/option-error.js';
import { MODES, type Mode } from './types.js';
import { validateOptions } from '../config/validate.js';

/** Longest delay the demo site serves. */
export const MAX_DELAY_MS = 60_000;
/** serial and pool make at most this many requests unless told otherwise: they are slow by design. */
export const BLOCKING_REQUESTS_CAP = 40;
/** Each sweep point makes this many waves of requests: requests = SWEEP_WAVES x C. */
export const SWEEP_WAVES = 5;

export interface BenchOptions {
  /** Base URL of a server answering GET /delay/<ms>/<id> like the demo site (http or https). */
  readonly url: string;
  /** How long the server waits before answering each request, in ms (0..60000). @default 100 */
  readonly delayMs?: number;
  /** The modes to run, in this order. @default ['serial', 'pool', 'async'] */
  readonly modes?: readonly Mode[];
  /** Requests in flight at once in async mode (C). @default 100 */
  readonly concurrency?: number;
  /** Worker threads of pool mode (P). @default 4 */
  readonly pool?: number;
  /** Requests made by async mode. @default 5 x concurrency */
  readonly requests?: number;
  /** Requests made by serial and pool, the models that block on each request.
   * @default min(requests, 40) */
  readonly blockingRequests?: number;
  /** Concurrencies of the async sweep, each run with 5 x C requests; [] for no sweep.
   * @default [1, 10, 100, 1000] */
  readonly sweep?: readonly number[];
  /** Before the clock starts, open every connection (and start the worker threads), and rehearse
   * each serial or async run once with min(N, 5 x C) requests at no delay, so a run times the
   * concurrency model rather than TCP set-up, JIT compiling and heap growth. @default true */
  readonly warmUp?: boolean;
}

export interface ResolvedBenchOptions {
  readonly url: string;
  readonly delayMs: number;
  readonly modes: readonly Mode[];
  readonly concurrency: number;
  readonly pool: number;
  readonly requests: number;
  readonly blockingRequests: number;
  readonly sweep: readonly number[];
  readonly warmUp: boolean;
}

const count = (max: number) => z.number().int().min(1).max(max);

const schema = z.strictObject({
  url: z.string().refine((value) => /^https?:\/\/[^/]/i.test(value) && URL.canParse(value), 'must be an http:// or https:// URL'),
  delayMs: z.number().int().min(0).max(MAX_DELAY_MS).optional(),
  modes: z.array(z.enum(MODES)).min(1, 'must name at least one mode').optional(),
  concurrency: count(100_000).optional(),
  pool: count(1024).optional(),
  requests: count(10_000_000).optional(),
  blockingRequests: count(10_000_000).optional(),
  sweep: z.array(count(100_000)).max(20, 'at most 20 points').optional(),
  warmUp: z.boolean().optional(),
});

export function resolveBenchOptions(input: BenchOptions): ResolvedBenchOptions {
  const o = validateOptions(schema, input, 'runBench');
  const concurrency = o.concurrency ?? 100;
  const requests = o.requests ?? SWEEP_WAVES * concurrency;
  return Object.freeze({
    url: o.url.replace(/\/+$/, ''),
    delayMs: o.delayMs ?? 100,
    modes: Object.freeze([...new Set(o.modes ?? MODES)]),
    concurrency,
    pool: o.pool ?? 4,
    requests,
    blockingRequests: o.blockingRequests ?? Math.min(requests, BLOCKING_REQUESTS_CAP),
    sweep: Object.freeze([...new Set(o.sweep ?? [1, 10, 100, 1000])].sort((a, b) => a - b)),
    warmUp: o.warmUp ?? true,
  });
}

function listItems(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** "serial,async" -> ['serial', 'async']; `option` names the flag in errors. */
export function parseModeList(text: string, option = '--modes'): Mode[] {
  const items = listItems(text);
  if (items.length === 0) throw new OptionError(option, text, `expected a comma list of ${MODES.join(', ')}`);
  return items.map((item) => {
    const mode = item.toLowerCase();
    if (!(MODES as readonly string[]).includes(mode)) {
      throw new OptionError(option, text, `unknown mode "${item}" (expected ${MODES.join(', ')})`);
    }
    return mode as Mode;
  });
}

/** "1,10,100" -> [1, 10, 100]; "none" or "" -> []; `option` names the flag in errors. */
export function parseSweepList(text: string, option = '--sweep'): number[] {
  if (text.trim().toLowerCase() === 'none') return [];
  return listItems(text).map((item) => {
    const value = Number(item);
    if (!/^\d+$/.test(item) || !Number.isSafeInteger(value) || value < 1) {
      throw new OptionError(option, text, `"${item}" is not a whole number >= 1`);
    }
    return value;
  });
}
