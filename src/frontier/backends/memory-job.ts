// The parts of a job the in-process frontier keeps beside its requests: the item queue, the
// workers' heartbeats, the per-host politeness state and lease budgets. One process can hold
// several crawlers sharing one memory frontier; these make them behave as separate workers do.
import type { FrontierBackend, HostSyncReply, HostSyncRequest, QueuedItems, WorkerRecord } from '../../types/frontier.js';
import { applyBlocksAndDelays, checkSyncRequest, decideHost, type HostState, type PermitState } from '../host-gate.js';
import { OptionError } from '../../errors/option-error.js';

/** What the memory and SQLite backends keep of a shared job, answered synchronously. */
export interface JobState {
  readItems(cursor: string | undefined, max: number): QueuedItems;
  queuedItems(): number;
  heartbeat(worker: Omit<WorkerRecord, 'seenAt'>): void;
  workers(): WorkerRecord[];
  removeWorker(id: string): void;
  syncHosts(request: HostSyncRequest): HostSyncReply;
}

type JobMethods = Pick<FrontierBackend, 'readItems' | 'queuedItems' | 'heartbeat' | 'workers' | 'removeWorker' | 'syncHosts'>;

/** The frontier methods that only hand over to the job's state (both local backends). */
export function jobMethods(job: JobState): JobMethods {
  return {
    readItems: async (cursor, max) => job.readItems(cursor, max),
    queuedItems: async () => job.queuedItems(),
    heartbeat: async (worker) => job.heartbeat(worker),
    workers: async () => job.workers(),
    removeWorker: async (id) => job.removeWorker(id),
    syncHosts: async (request) => job.syncHosts(request),
  };
}

export class MemoryJobState implements JobState {
  readonly #items: { seq: number; data: string }[] = [];
  #itemHead = 0;
  #nextItem = 1;
  readonly #workers = new Map<string, WorkerRecord>();
  readonly #hosts = new Map<string, { state: HostState; permits: Map<string, PermitState> }>();
  readonly counters = new Map<string, number>();

  pushItems(items: readonly string[]): void {
    for (const data of items) this.#items.push({ seq: this.#nextItem++, data });
  }

  readItems(cursor: string | undefined, max: number): QueuedItems {
    checkMax(max);
    const after = parseCursor(cursor);
    const out: string[] = [];
    let last: number | undefined;
    for (let i = this.#itemHead; i < this.#items.length && out.length < max; i++) {
      const item = this.#items[i]!;
      if (item.seq <= after) continue;
      out.push(item.data);
      last = item.seq;
    }
    return { items: out, cursor: last === undefined ? cursor : String(last) };
  }

  ackItems(cursor: string): void {
    const upTo = parseCursor(cursor);
    while (this.#itemHead < this.#items.length && this.#items[this.#itemHead]!.seq <= upTo) this.#itemHead++;
    if (this.#itemHead > 1024 && this.#itemHead * 2 > this.#items.length) {
      this.#items.splice(0, this.#itemHead);
      this.#itemHead = 0;
    }
  }

  queuedItems(): number {
    return this.#items.length - this.#itemHead;
  }

  heartbeat(worker: Omit<WorkerRecord, 'seenAt'>): void {
    this.#workers.set(worker.id, { ...worker, seenAt: Date.now() });
  }

  workers(): WorkerRecord[] {
    return [...this.#workers.values()].sort((a, b) => b.seenAt - a.seenAt);
  }

  removeWorker(id: string): void {
    this.#workers.delete(id);
  }

  dropPermits(worker: string): void {
    for (const host of this.#hosts.values()) host.permits.delete(worker);
  }

  syncHosts(request: HostSyncRequest): HostSyncReply {
    checkSyncRequest(request);
    const now = Date.now();
    const hostFor = (origin: string): { state: HostState; permits: Map<string, PermitState> } => {
      let host = this.#hosts.get(origin);
      if (!host) {
        host = { state: { nextStart: 0, blockedUntil: 0, delayMs: 0 }, permits: new Map() };
        this.#hosts.set(origin, host);
      }
      return host;
    };
    applyBlocksAndDelays(request, (origin) => hostFor(origin).state);
    const isLive = (id: string): boolean => {
      const worker = this.#workers.get(id);
      // A worker that never sent a heartbeat is one crawler of this process: alive.
      return worker === undefined || now - worker.seenAt < request.staleMs;
    };
    const grants = request.hosts.map((want) => {
      const host = hostFor(want.origin);
      const { grant, mine } = decideHost(host.state, [...host.permits.values()], want, request, now, isLive);
      host.permits.set(mine.worker, mine);
      return grant;
    });
    return { now, grants };
  }
}

export function checkMax(max: number): void {
  if (!Number.isInteger(max) || max < 0) throw new OptionError('max', max, 'must be an integer >= 0');
}

/** Item cursors of the memory and SQLite backends are item sequence numbers. */
export function parseCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const seq = Number(cursor);
  if (typeof cursor !== 'string' || !Number.isSafeInteger(seq) || seq < 0) throw new OptionError('cursor', cursor, 'is not an item cursor from readItems');
  return seq;
}
