// The worker processes of `crawl --workers N` / `run --workers N` on this machine. Each is a
// `trawl worker` child joining the owner's job through its frontier (the same command a remote
// machine runs), with an IPC channel so that it stops when the owner stops or dies. A worker
// that dies (a crash, a SIGKILL) has its leases returned at once and is replaced, a few times.
//
//   owner (this process): its own crawler + writes the output + progress
//     ├── worker 2: trawl worker --frontier <job's> --job <name> [spider]
//     └── worker 3: …
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

export interface LocalWorkersOptions {
  /** `trawl worker` arguments shared by every child (frontier, job, spider file, options). */
  readonly args: readonly string[];
  readonly jobName: string;
  /** A line for the user (a worker's warning, a death, a replacement). */
  readonly note: (message: string) => void;
  /** Returns a dead worker's leases to pending; resolves with how many. */
  readonly reclaim: (workerId: string) => Promise<number>;
  /** Replacements per worker slot before giving up on it. @default 3 */
  readonly maxRestarts?: number;
}

interface Slot {
  readonly index: number;
  child: ChildProcess | undefined;
  id: string;
  restarts: number;
  exited: Promise<void>;
}

/** The CLI entry a child runs: the same bin as this process. */
function trawlBin(): string {
  return process.argv[1]!;
}

export class LocalWorkers {
  readonly #options: LocalWorkersOptions;
  readonly #slots: Slot[] = [];
  #stopping = false;

  constructor(options: LocalWorkersOptions) {
    this.#options = options;
  }

  get count(): number {
    return this.#slots.filter((slot) => slot.child !== undefined).length;
  }

  /** Workers' ids, for progress displays. */
  get ids(): string[] {
    return this.#slots.map((slot) => slot.id);
  }

  /** Starts `count` more workers, numbered after the owner (worker 1). */
  add(count: number): void {
    for (let i = 0; i < count; i++) {
      const slot: Slot = { index: this.#slots.length + 2, child: undefined, id: '', restarts: 0, exited: Promise.resolve() };
      this.#slots.push(slot);
      this.#spawn(slot);
    }
  }

  /** Asks every worker to stop (finish what runs, commit, exit). */
  stop(): void {
    this.#stopping = true;
    for (const slot of this.#slots) {
      // The worker may be exiting already (Ctrl-C reached it too): a closed channel is fine.
      if (slot.child?.connected) slot.child.send({ type: 'stop' }, () => undefined);
    }
  }

  /** Waits for every worker to exit; after `timeoutMs` the stragglers are killed. */
  async wait(timeoutMs: number): Promise<void> {
    this.#stopping = true;
    const all = Promise.all(this.#slots.map((slot) => slot.exited));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    if ((await Promise.race([all, late])) === 'late') {
      for (const slot of this.#slots) slot.child?.kill('SIGKILL');
      await all;
    }
    clearTimeout(timer);
  }

  #spawn(slot: Slot): void {
    slot.id = `${this.#options.jobName}-w${slot.index}-${randomBytes(3).toString('hex')}`;
    const child = fork(trawlBin(), ['worker', ...this.#options.args, '--worker-id', slot.id, '--quiet'], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, TRAWL_LOCAL_WORKER: '1' },
    });
    slot.child = child;
    child.on('error', (error) => this.#options.note(`worker ${slot.index}: ${error.message}`));
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        this.#options.note(`worker ${slot.index}: ${line.replace(/^trawl: /, '')}`);
      });
    }
    slot.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        slot.child = undefined;
        void this.#exited(slot, code, signal).finally(resolve);
      });
    });
  }

  async #exited(slot: Slot, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    if (code === 0 || this.#stopping) return;
    const how = signal ?? `exit code ${code}`;
    const back = await this.#options.reclaim(slot.id).catch(() => 0);
    const requests = back > 0 ? `; its ${back} request(s) go back to the queue` : '';
    if (slot.restarts >= (this.#options.maxRestarts ?? 3)) {
      this.#options.note(`worker ${slot.index} died (${how})${requests}; not restarted again (it died ${slot.restarts + 1} times)`);
      return;
    }
    slot.restarts++;
    this.#options.note(`worker ${slot.index} died (${how})${requests}; started a replacement`);
    this.#spawn(slot);
    await slot.exited;
  }
}
