// `trawl bench`: the serial / thread pool / async experiment against the bench's delay server
// (started in a child process) or --url; the table (or --json) on stdout, progress on stderr, the
// SVG chart. The runs happen in a child of this process started with a larger young generation.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../errors/input-error.js';
import { OptionError } from '../../errors/option-error.js';
import { errorMessage } from '../../errors/trawl-error.js';
import { checkOpenFileLimit } from '../../experiment/fd-limit.js';
import { MAX_DELAY_MS, parseModeList, parseSweepList, resolveBenchOptions, type BenchOptions } from '../../experiment/options.js';
import { startDelayServerProcess, type ServerProcess } from '../../experiment/server-process.js';
import { runBench } from '../../experiment/runner.js';
import { isTunedProcess, runTuned } from '../../experiment/tuned-process.js';
import { formatReport, reportJson, reportOk } from '../../experiment/table.js';
import { renderChart } from '../../experiment/chart.js';
import type { BenchEvent } from '../../experiment/types.js';
import { formatDuration } from '../../util/bytes.js';
import { parseHttpUrl } from '../../util/url.js';
import { intOption } from '../parse-options.js';

const DEFAULT_CHART = 'trawl-bench.svg';
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** runBench's option names as the user typed them. */
const FLAGS: Readonly<Record<string, string>> = {
  url: '--url',
  delayMs: '--delay',
  modes: '--modes',
  concurrency: '-c',
  pool: '--pool',
  requests: '--n',
  blockingRequests: '--n',
  sweep: '--sweep',
};

function benchOptions(options: Record<string, unknown>): Omit<BenchOptions, 'url'> {
  const delayMs = intOption('--delay', options.delay, 0);
  if (delayMs !== undefined && delayMs > MAX_DELAY_MS) throw new OptionError('--delay', options.delay, `expected at most ${MAX_DELAY_MS} ms`);
  const n = intOption('--n', options.n, 1);
  const concurrency = intOption('-c', options.concurrency, 1);
  const pool = intOption('--pool', options.pool, 1);
  return {
    ...(delayMs !== undefined ? { delayMs } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pool !== undefined ? { pool } : {}),
    ...(n !== undefined ? { requests: n, blockingRequests: n } : {}),
    ...(typeof options.modes === 'string' ? { modes: parseModeList(options.modes, '--modes') } : {}),
    ...(options.sweep === false ? { sweep: [] } : typeof options.sweep === 'string' ? { sweep: parseSweepList(options.sweep, '--sweep') } : {}),
    warmUp: options.warmUp !== false,
  };
}

/** Checks what runBench would check, naming the command's flags instead of its option keys. */
function validate(bench: BenchOptions): void {
  try {
    const resolved = resolveBenchOptions(bench);
    checkOpenFileLimit(resolved, undefined, { concurrency: '-c', sweep: '--sweep' });
  } catch (error) {
    if (error instanceof OptionError && FLAGS[error.option] !== undefined) {
      throw new OptionError(FLAGS[error.option]!, error.received, error.reason);
    }
    throw error;
  }
}

function chartPath(value: unknown): string | null {
  if (value === false) return null;
  const path = resolve(typeof value === 'string' ? value : DEFAULT_CHART);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new OptionError('--chart', value, `folder ${folder} does not exist`);
  return path;
}

function progress(event: BenchEvent): void {
  if (event.type === 'run-start') {
    const what = event.phase === 'sweep' ? `sweep C=${event.concurrency}` : event.mode;
    const how = event.mode === 'serial' ? 'one at a time' : event.mode === 'pool' ? `${event.concurrency} threads` : `${event.concurrency} in flight`;
    process.stderr.write(`trawl: bench ${what}: ${event.requests} requests, ${how}... `);
    return;
  }
  const row = event.row;
  const verdict =
    row.efficiency === null ? `FAILED, ${row.errors} of ${row.requests} requests went wrong` : `${(row.efficiency * 100).toFixed(1)}% of ideal`;
  process.stderr.write(`${formatDuration(row.wallSeconds * 1000)}, ${verdict}\n`);
}

export async function benchCommand(options: Record<string, unknown>): Promise<number> {
  // Everything the user typed is checked before a process, a thread or a socket is started.
  const given = benchOptions(options);
  const url = typeof options.url === 'string' ? parseHttpUrl(options.url, '--url').href.replace(/\/+$/, '') : undefined;
  validate({ ...given, url: url ?? 'http://127.0.0.1' });
  const chart = chartPath(options.chart);
  const quiet = options.quiet === true;
  // The runs themselves happen in a child started with a larger young generation (why: see
  // tuned-process.ts); this process only waits for it and passes its exit status on.
  const script = process.argv[1];
  if (!isTunedProcess() && script !== undefined) return runTuned(script, process.argv.slice(2));

  let server: ServerProcess | undefined;
  const killServer = (): void => {
    if (server?.pid !== undefined) process.kill(server.pid, 'SIGKILL');
  };
  // Killed or interrupted mid-run (a signal sent to this process only), take the delay server along.
  const onSignal = (signal: NodeJS.Signals): void => {
    killServer();
    process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
  };
  if (url === undefined) {
    server = await startDelayServerProcess();
    // A process.exit() elsewhere (an error report) must not leave the delay server running either.
    process.once('exit', killServer);
    for (const signal of SIGNALS) process.once(signal, onSignal);
  }
  try {
    const report = await runBench({ ...given, url: url ?? server!.url }, quiet ? undefined : progress);
    if (chart !== null) {
      try {
        writeFileSync(chart, renderChart(report));
      } catch (error) {
        throw new InputError(chart, '', `cannot write the chart: ${errorMessage(error)}`, { cause: error });
      }
      process.stderr.write(`trawl: chart written to ${chart}\n`);
    }
    process.stdout.write(options.json === true ? reportJson(report, chart) : formatReport(report));
    return reportOk(report) ? 0 : 1;
  } finally {
    process.off('exit', killServer);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    await server?.close();
  }
}
