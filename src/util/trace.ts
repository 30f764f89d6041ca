// Start-up and shutdown timing for people tuning them: with TRAWL_TRACE=1 in the environment,
// each mark prints its time since the process started (process.uptime(), Node's boot included)
// to stderr. A no-op otherwise: one environment read at load.
const enabled = process.env.TRAWL_TRACE === '1';

export function trace(label: string): void {
  if (enabled) process.stderr.write(`trawl trace: ${(process.uptime() * 1000).toFixed(1)} ms ${label}\n`);
}
