// The timing experiment behind `trawl bench`: serial vs a thread pool vs async against a delay
// server, as rows, a table, JSON and an SVG chart.
export { MODES, type Mode, type Measurement, type BenchRow, type BenchReport, type BenchEvent } from './types.js';
export {
  resolveBenchOptions,
  parseModeList,
  parseSweepList,
  MAX_DELAY_MS,
  BLOCKING_REQUESTS_CAP,
  SWEEP_WAVES,
  type BenchOptions,
  type ResolvedBenchOptions,
} from './options.js';
export { idealMs, toRow } from './math.js';
export { formatReport, reportJson, reportOk, alignColumns } from './table.js';
export { renderChart, escapeXml, decadeRange } from './chart.js';
export { openFileLimit, checkOpenFileLimit, FD_RESERVE, type FdOptionNames } from './fd-limit.js';
export { startServerProcess, startDelayServerProcess, type ServerProcess } from './server-process.js';
export { runBench } from './runner.js';
