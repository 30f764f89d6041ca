// The `trawl` command table. Each command's code is imported only when that command runs, so
// start-up stays quick (the delay benchmark times the whole process).
import { Command, Option } from 'commander';
import { defineBenchCommand } from './define-bench.js';
import { defineGetCommand } from './define-get.js';
import { defineHlsCommand } from './define-hls.js';
import { defineStreamCommand } from './define-stream.js';
import { reportAndExit } from './report-error.js';

// Settings made here, before any command is defined, are inherited by every command: usage
// errors become one line ("trawl: unknown option '--x' (see trawl crawl --help)") and exit 2.
const program = new Command('trawl')
  .description('Fast asynchronous crawler and media downloader: crawl, extract, download files and HLS streams; resumes after a crash.')
  .version('0.1.0', '-V, --version')
  .configureOutput({
    outputError: (text, write) => write(`trawl: ${text.replace(/^error: /, '').trimEnd()} (see --help)\n`),
  })
  .exitOverride((error) => {
    // commander has printed its message; help and version exit 0, usage errors 2.
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

/**
 * Ends a finished crawl at once, once stdout and stderr have taken everything written: idle
 * keep-alive sockets, a SQLite checkpoint or parse threads need not be wound down one by one
 * (every commit is durable already).
 */
async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Options shared by `crawl` and `run`. */
function crawlOptions(command: Command): Command {
  return command
    .option('-o, --output <file>', 'items output: .jsonl, .csv or .json (default: JSON lines on stdout)')
    .option('--bom', 'start a CSV output with a UTF-8 BOM (for Excel)')
    .option('-c, --concurrency <n>', 'requests in flight at once (default: 16)')
    .option('--per-host <n>', 'requests in flight per host (default: the concurrency)')
    .option('--delay <ms>', 'minimum milliseconds between request starts on one host (default: 0)')
    .option('--max-pages <n>', 'stop after fetching this many pages')
    .option('--depth <n>', 'follow links at most this deep (0: only the start URLs)')
    .option('--job <name>', 'keep the crawl state in .trawl/<name>.db; the same name resumes it')
    .option('--retry-failed', 'with --job: try the requests that failed for good again')
    .option('-H, --header <header>', 'extra request header "Name: value" (repeatable)', collect)
    .option('--user-agent <ua>', 'User-Agent header')
    .option('--proxy <url>', 'send requests through this HTTP proxy')
    .option('--robots', 'obey robots.txt')
    .option('--timeout <ms>', 'response and body timeout (default: 30000)')
    .option('--retries <n>', 'retries of a failed request: network errors, 408, 429, 5xx (default: 3)')
    .addOption(new Option('--quiet', 'no progress display').default(false));
}

crawlOptions(
  program
    .command('crawl')
    .description('crawl from start URLs, following links and extracting fields declaratively')
    .argument('[urls...]', 'start URLs (http or https)')
    .option('-i, --input <file>', 'read start URLs from a file, one a line (# comments allowed)')
    .option('--follow <selector>', 'which links to follow: CSS (::attr(x) allowed) or XPath (default: every same-origin a[href])')
    .option('--match <regex>', 'only page URLs matching this produce items (default: every page)')
    .option('--extract <name=selector>', 'item field: CSS (::text, ::attr(x)) or XPath (starts with / ./ or "(") (repeatable)', collect)
    .option('--parse-threads <n>', 'worker threads that parse pages once parsing keeps the main thread busy; 0: parse on the main thread (default: one per spare core, at most 3)'),
).action(async (urls: string[], options: Record<string, unknown>) => {
  const { crawlCommand } = await import('./commands/crawl.js');
  await exitWhenFlushed(await crawlCommand(urls, options));
});

crawlOptions(
  program
    .command('run')
    .description('run a spider module (.ts or .js; TypeScript runs as is, no build step)')
    .argument('<spider>', 'path of the spider module')
    .option('--base <url>', 'site the spider crawls; relative start URLs resolve against it', 'http://127.0.0.1:8080')
    .option('--demo', 'start the bundled demo site for this run and crawl it')
    .option('-d, --dir <dir>', "folder for the spider's files (download() / writeFile())"),
).action(async (spider: string, options: Record<string, unknown>) => {
  const { runCommand } = await import('./commands/run.js');
  await exitWhenFlushed(await runCommand(spider, options));
});

program
  .command('serve-demo')
  .description('serve the bundled demo site (the classic lessons\' sites) on 127.0.0.1')
  .option('-p, --port <n>', 'port (0 = any free port)', '8080')
  .option('--faults <rate>', 'inject faults (500, 429, resets, slow and truncated bodies) at this rate, 0..1', '0')
  .action(async (options: Record<string, unknown>) => {
    const { serveDemoCommand } = await import('./commands/serve-demo.js');
    process.exitCode = await serveDemoCommand(options);
  });

defineGetCommand(program);
defineBenchCommand(program);
defineHlsCommand(program);
defineStreamCommand(program);

program
  .command('demo')
  .description('start the demo site and run every classic job against it at once, then serially, and compare')
  .option('--latency <ms>', 'milliseconds every demo answer waits, like a distant site', '30')
  .option('--out <dir>', 'where the jobs write their outputs', 'trawl-demo')
  .option('--no-serial', 'skip the serial pass (one request at a time) used for the comparison')
  .action(async (options: Record<string, unknown>) => {
    const { demoCommand } = await import('./commands/demo.js');
    process.exitCode = await demoCommand(options);
  });

program.on('command:*', (operands: string[]) => {
  process.stderr.write(`trawl: unknown command ${JSON.stringify(operands[0])} (run trawl --help)\n`);
  process.exit(2);
});

program.parseAsync(process.argv).catch(reportAndExit);
