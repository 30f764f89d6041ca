// runBench: checks the server answers like a delay server, warms the Fetcher up (once), then runs
// each mode and the async sweep one after another (never two at once: they would share the CPU
// and the server) and gathers the rows. Progress goes to `onEvent`; nothing is printed here.
import { InputError } from '../errors/input-error.js';
import { errorMessage } from '../errors/trawl-error.js';
import { Fetcher } from '../http/fetcher.js';
import { checkOpenFileLimit } from './fd-limit.js';
import { runFetcherMode, warmUpFetcher } from './fetcher-modes.js';
import { toRow } from './math.js';
import { resolveBenchOptions, SWEEP_WAVES, type BenchOptions, type ResolvedBenchOptions } from './options.js';
import { runPool } from './pool.js';
import { checkPage, delayPath } from './verify.js';
import type { BenchEvent, BenchReport, BenchRow, Measurement, Mode } from './types.js';

/** Ids of a run's requests start with this, so that every answer can be matched to its request. */
const PREFIX: Readonly<Record<Mode, string>> = { serial: 's', pool: 'p', async: 'a' };

/** One request with no delay: a wrong --url fails here, in one line, before any timing. */
async function probe(url: string): Promise<void> {
  const fetcher = new Fetcher({ retries: 0, cookies: false, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000 });
  const id = 'probe';
  try {
    const response = await fetcher.fetch({ url: url + delayPath(0, id) });
    const problem = checkPage(id, response.status, response.text);
    if (problem !== undefined) throw new Error(problem);
  } catch (error) {
    throw new InputError(url, '', `does not answer GET /delay/<ms>/<id> like the demo site: ${errorMessage(error)}`, { cause: error });
  } finally {
    await fetcher.close();
  }
}

function runMode(o: ResolvedBenchOptions, mode: Mode): { requests: number; concurrency: number; run: () => Promise<Measurement> } {
  const common = { url: o.url, delayMs: o.delayMs, prefix: PREFIX[mode], warmUp: o.warmUp };
  if (mode === 'pool') {
    const requests = o.blockingRequests;
    return { requests, concurrency: o.pool, run: () => runPool({ ...common, requests, threads: o.pool }) };
  }
  const requests = mode === 'serial' ? o.blockingRequests : o.requests;
  const concurrency = mode === 'serial' ? 1 : o.concurrency;
  return { requests, concurrency, run: () => runFetcherMode({ ...common, mode, requests, concurrency }) };
}

export async function runBench(options: BenchOptions, onEvent: (event: BenchEvent) => void = () => undefined): Promise<BenchReport> {
  const o = resolveBenchOptions(options);
  checkOpenFileLimit(o);
  await probe(o.url);
  const fetcherRuns = [...o.modes.filter((mode) => mode !== 'pool').map((mode) => (mode === 'serial' ? 1 : o.concurrency)), ...o.sweep];
  if (o.warmUp && fetcherRuns.length > 0) await warmUpFetcher(o.url, Math.max(...fetcherRuns));

  const modes: BenchRow[] = [];
  for (const mode of o.modes) {
    const { requests, concurrency, run } = runMode(o, mode);
    onEvent({ type: 'run-start', phase: 'mode', mode, requests, concurrency });
    const row = toRow(await run());
    onEvent({ type: 'run-done', phase: 'mode', row });
    modes.push(row);
  }

  const sweep: BenchRow[] = [];
  for (const concurrency of o.sweep) {
    const requests = SWEEP_WAVES * concurrency;
    onEvent({ type: 'run-start', phase: 'sweep', mode: 'async', requests, concurrency });
    const measured = await runFetcherMode({
      mode: 'async',
      url: o.url,
      delayMs: o.delayMs,
      requests,
      concurrency,
      prefix: `c${concurrency}-`,
      warmUp: o.warmUp,
    });
    const row = toRow(measured);
    onEvent({ type: 'run-done', phase: 'sweep', row });
    sweep.push(row);
  }
  return { url: o.url, delayMs: o.delayMs, warmUp: o.warmUp, modes, sweep };
}
