// What both frontier backends store for a request, and the checks applied before anything is
// stored: a request that cannot be stored is rejected before any state changes, which is what
// makes `add` and `commit` all or nothing.
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { OptionError } from '../errors/option-error.js';
import type { CommitBatch, LeaseBudget } from '../types/frontier.js';
import type { CrawlRequest, LeasedRequest } from '../types/request.js';

/** The columns kept outside the JSON blob (they are sorted or updated in place). */
export interface StoredRequest {
  readonly key: string;
  readonly priority: number;
  readonly retries: number;
  /** JSON of url, method, headers, body, label, userData, depth. */
  readonly data: string;
}

/** Cheap structural checks, run on every request of a batch (duplicates included). */
export function checkRequest(request: CrawlRequest, index: number): void {
  const fail = (field: string, reason: string): never => {
    const url = request && typeof request.url === 'string' ? request.url : `#${index}`;
    throw new InvalidRequestError(`frontier request ${url}`, field, reason);
  };
  if (request === null || typeof request !== 'object') fail('request', 'must be an object');
  if (typeof request.uniqueKey !== 'string' || request.uniqueKey === '') fail('uniqueKey', 'must be a non-empty string');
  if (typeof request.url !== 'string' || request.url === '') fail('url', 'must be a non-empty string');
  if (typeof request.method !== 'string' || request.method === '') fail('method', 'must be a non-empty string');
  if (typeof request.priority !== 'number' || !Number.isFinite(request.priority)) fail('priority', 'must be a finite number');
  if (!Number.isInteger(request.depth) || request.depth < 0) fail('depth', 'must be an integer >= 0');
  if (!Number.isInteger(request.retries) || request.retries < 0) fail('retries', 'must be an integer >= 0');
}

/** Serialises a checked request; throws InputError when its data is not JSON-serialisable. */
export function encodeRequest(request: CrawlRequest): StoredRequest {
  const { url, method, headers, body, label, userData, depth } = request;
  let data: string;
  try {
    data = JSON.stringify({ url, method, headers, body, label, userData, depth });
  } catch (error) {
    throw new InvalidRequestError(`frontier request ${url}`, 'userData', `must be JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  return { key: request.uniqueKey, priority: request.priority, retries: request.retries, data };
}

export function decodeRequest(id: string, key: string, priority: number, retries: number, data: string): LeasedRequest {
  const stored = JSON.parse(data) as Omit<CrawlRequest, 'uniqueKey' | 'priority' | 'retries'>;
  return { id, ...stored, priority, retries, uniqueKey: key };
}

/**
 * Checks every request of a batch and serialises the ones `isNew` admits, first occurrence
 * only; throws before the caller changes anything.
 */
export function encodeNew(requests: readonly CrawlRequest[], isNew: (key: string) => boolean): StoredRequest[] {
  if (!Array.isArray(requests)) throw new OptionError('requests', requests, 'must be an array of requests');
  const out: StoredRequest[] = [];
  let batchKeys: Set<string> | undefined;
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i] as CrawlRequest;
    checkRequest(request, i);
    if (!isNew(request.uniqueKey)) continue;
    batchKeys ??= new Set();
    if (batchKeys.has(request.uniqueKey)) continue;
    batchKeys.add(request.uniqueKey);
    out.push(encodeRequest(request));
  }
  return out;
}

export function checkLeaseArgs(max: number, leaseMs: number): void {
  if (!Number.isInteger(max) || max < 0) throw new OptionError('max', max, 'must be an integer >= 0');
  checkLeaseMs(leaseMs);
}

export function checkBudget(budget: LeaseBudget | undefined): void {
  if (budget === undefined) return;
  if (typeof budget?.key !== 'string' || budget.key === '' || !Number.isInteger(budget.limit) || budget.limit < 0) {
    throw new OptionError('budget', budget, 'needs a non-empty key and an integer limit >= 0');
  }
}

export function checkLeaseMs(leaseMs: number): void {
  if (typeof leaseMs !== 'number' || !Number.isFinite(leaseMs) || leaseMs <= 0) {
    throw new OptionError('leaseMs', leaseMs, 'must be a positive number of milliseconds');
  }
}

/** Rejects a malformed batch before anything is applied (ids that are merely unknown are fine). */
export function checkBatch(batch: CommitBatch): void {
  if (batch === null || typeof batch !== 'object') throw new OptionError('batch', batch, 'must be an object');
  for (const [i, entry] of (batch.failed ?? []).entries()) {
    if (typeof entry?.code !== 'string' || typeof entry.reason !== 'string') {
      throw new OptionError(`batch.failed[${i}]`, entry, 'needs a string id, code and reason');
    }
  }
  for (const [i, entry] of (batch.retry ?? []).entries()) {
    if (typeof entry?.notBefore !== 'number' || !Number.isFinite(entry.notBefore) || typeof entry.reason !== 'string') {
      throw new OptionError(`batch.retry[${i}]`, entry, 'needs a string id, a finite notBefore (epoch ms) and a reason');
    }
  }
  for (const [i, entry] of (batch.items ?? []).entries()) {
    if (typeof entry?.lease !== 'string' || !Array.isArray(entry.items) || entry.items.some((item) => typeof item !== 'string')) {
      throw new OptionError(`batch.items[${i}]`, entry, 'needs a lease id and an array of JSON strings');
    }
  }
  if (batch.ackItems !== undefined && typeof batch.ackItems !== 'string') {
    throw new OptionError('batch.ackItems', batch.ackItems, 'must be a cursor from readItems');
  }
  const checkpoint = batch.checkpoint;
  if (checkpoint !== undefined && (typeof checkpoint?.key !== 'string' || typeof checkpoint.value !== 'string')) {
    throw new OptionError('batch.checkpoint', checkpoint, 'needs a string key and a string value');
  }
}

/** Splits a lease id "<row>.<token>"; undefined for anything else (treated as an unknown id). */
export function parseLeaseId(id: unknown): { row: number; token: number } | undefined {
  if (typeof id !== 'string') return undefined;
  const dot = id.indexOf('.');
  if (dot <= 0) return undefined;
  const row = Number(id.slice(0, dot));
  const token = Number(id.slice(dot + 1));
  if (!Number.isSafeInteger(row) || !Number.isSafeInteger(token)) return undefined;
  return { row, token };
}
