// The internal shapes every fetch layer passes along: one Exchange in (a single HTTP request,
// one hop of a redirect chain), one Hop out. A layer is `(next: Send) => Send`.
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Permit } from './slots.js';

/** State shared by every hop and attempt of one fetch() / stream() call. */
export interface CallState {
  /** A permit handed in by the caller for the first attempt; taken (set undefined) when used. */
  permit: Permit | undefined;
  /** Attempts made so far, all hops together. */
  attempts: number;
  /** Every URL requested so far, in order (the redirect layer appends each hop). */
  readonly chain: string[];
}

export interface Exchange {
  readonly url: URL;
  readonly method: string;
  /** Lower-case names. Never mutated: a layer that adds a header makes a new Exchange. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
  /** true for stream(): the hop keeps its body as an undecoded stream in `raw`. */
  readonly streaming: boolean;
  readonly call: CallState;
  /** The route chosen by the proxy layer; unset, the transport's own dispatcher. */
  readonly dispatcher?: Dispatcher;
}

export interface Hop {
  readonly status: number;
  /** Lower-case names; repeated headers joined with ', ' (set-cookie with '\n'). */
  readonly headers: Record<string, string>;
  /** Each Set-Cookie value, when there were any. */
  readonly setCookies: readonly string[] | undefined;
  /** fetch(): the whole body, decompressed. */
  readonly body: Buffer | undefined;
  /** stream(): the body as received (still encoded); whoever ends the call consumes or dumps it. */
  readonly raw: (Readable & { dump?(opts?: { limit: number }): Promise<void> }) | undefined;
  /** Set by the cache layer when the hop was served from the HTTP cache. */
  readonly cache?: 'hit' | 'revalidated';
}

export type Send = (exchange: Exchange) => Promise<Hop>;

/** Throws away a hop's body that nobody will read, keeping the connection when that is cheap. */
export function discardHop(hop: Hop): void {
  const raw = hop.raw;
  if (!raw || raw.destroyed) return;
  if (typeof raw.dump === 'function') raw.dump({ limit: 128 * 1024 }).catch(() => raw.destroy());
  else raw.destroy();
}
