// Fault injection for the demo server. Whether the n-th request for a URL fails, and how, is a
// pure function of (seed, method + URL, n), so a run is reproducible even under concurrency.
// A URL never fails more than MAX_CONSECUTIVE times in a row: a retrying client always gets
// the right content in the end, whatever the rate.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hash32 } from './prng.js';
import type { Reply } from './reply.js';

export const FAULT_KINDS = ['status500', 'status429', 'reset', 'slowBody', 'truncatedBody'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

const MAX_CONSECUTIVE = 3;
/** How long a slow body takes to trickle out, and in how many pieces. */
const SLOW_BODY_MS = 1500;
const SLOW_BODY_PIECES = 10;

export class FaultPlan {
  private readonly attempts = new Map<string, { count: number; streak: number }>();

  constructor(
    private readonly rate: number,
    private readonly seed: number,
  ) {}

  /** The fault for this request, if any; counts the request either way. */
  decide(key: string): FaultKind | undefined {
    if (this.rate <= 0) return undefined;
    const state = this.attempts.get(key) ?? { count: 0, streak: 0 };
    this.attempts.set(key, state);
    const n = state.count++;
    const roll = hash32(`fault|${this.seed}|${key}|${n}`) / 2 ** 32;
    if (roll >= this.rate || state.streak >= MAX_CONSECUTIVE) {
      state.streak = 0;
      return undefined;
    }
    state.streak++;
    return FAULT_KINDS[hash32(`kind|${this.seed}|${key}|${n}`) % FAULT_KINDS.length];
  }
}

/** Replies for the faults that need no content: 500 and 429 + Retry-After. */
export function statusFault(kind: 'status500' | 'status429'): Reply {
  const status = kind === 'status500' ? 500 : 429;
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', 'x-demo-fault': kind };
  if (kind === 'status429') headers['retry-after'] = '1';
  return { status, headers, body: Buffer.from(status === 500 ? 'Internal Server Error (injected)' : 'Too Many Requests (injected)') };
}

/** Closes the connection with a TCP reset before any byte of a response. */
export function resetConnection(req: IncomingMessage): void {
  req.socket.resetAndDestroy();
}

/** Sends the headers and only part of the body (Content-Length promises all of it), then closes. */
export function sendTruncated(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length), 'x-demo-fault': 'truncatedBody' });
  const part = reply.body.subarray(0, Math.floor(reply.body.length / 2));
  res.write(part, () => res.socket?.destroy());
}

/** Sends the headers at once and the body in pieces over about SLOW_BODY_MS. */
export function sendSlowly(res: ServerResponse, reply: Reply, timers: Set<NodeJS.Timeout>): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length), 'x-demo-fault': 'slowBody' });
  res.flushHeaders();
  const size = Math.ceil(reply.body.length / SLOW_BODY_PIECES);
  let offset = 0;
  const next = (): void => {
    if (res.destroyed) return;
    const piece = reply.body.subarray(offset, offset + size);
    offset += size;
    if (offset >= reply.body.length) {
      res.end(piece);
      return;
    }
    res.write(piece);
    const timer = setTimeout(() => {
      timers.delete(timer);
      next();
    }, SLOW_BODY_MS / SLOW_BODY_PIECES);
    timers.add(timer);
  };
  next();
}
