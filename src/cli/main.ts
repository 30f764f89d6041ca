// The `trawl` command table. Each command's code is imported only when that command runs, so
// start-up stays quick (the delay benchmark times the whole process).
import { Command, Option } from 'commander';
import { defineBenchCommand } from './define-bench.js';
import { defineGetCommand } from './define-get.js';
import { defineHlsCommand } from './define-hls.js';
import { CRAWL_HELP, RUN_HELP } from './crawl-help.js';
import { defineInspectCommands } from './define-inspect.js';
import { defineJobsCommand } from './define-jobs.js';
import { defineSniffCommand } from './define-sniff.js';
import { networkOptions } from './network-options.js';
import { defineStreamCommand } from './define-stream.js';
import { reportAndExit } from './report-error.js';
import { trace } from '../util/trace.js';

trace('cli loaded');

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
  trace('exit');
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Options shared by `crawl` and `run`. */
function crawlOptions(command: Command): Command {
  command
    .option('-o, --output <file>', 'items output: .jsonl, .csv or .json, or - for standard output (default: JSON lines on stdout)')
    .option('--format <format>', 'items format: jsonl, csv or json (default: from the -o extension; jsonl on stdout)')
    .option('--bom', 'start a CSV output with a UTF-8 BOM (for Excel)')
    .option('-c, --concurrency <n>', 'requests in flight at once (default: 16)')
    .option('--per-host <n>', 'requests in flight on one host, across all workers (default: 8; with -c alone: the -c value)')
    .option('--delay <ms>', 'minimum milliseconds between request starts on one host, across all workers (default: 0)')
    .option('--auto-throttle', "adapt each host's concurrency (up to --per-host) and delay (from --delay) to its latency, 429/503 answers and errors; shown with -v")
    .option('--max-pages <n>', 'stop after fetching this many pages')
    .option('--depth <n>', 'follow links at most this deep (0: only the start URLs)')
    .option('--job <name>', 'keep the crawl state in .trawl/<name>.db (or under this name in --frontier); the same name resumes it')
    .option('--retry-failed', 'with --job: try the requests that failed for good again')
    .option('--force', 'resume --job even if it was started with other rules, spider or start URLs (its settings are replaced)')
    .option('--workers <n>', 'worker processes sharing the job; auto: more once one process is busy, up to one per core; 1: a single process (default: auto)')
    .option('--frontier <url>', 'keep the job in Redis (redis://host:port[/db], with --job) so workers on other machines can join; or sqlite:<file>')
    .option('--render', 'load pages in headless Chromium so their scripts run first (Debian\'s chromium; images, fonts and media are not loaded)')
    .option('--browsers <n>', 'with --render: browsers running at once; the -c pages are shared among them (default: 1)')
    .option('--wait-for <selector>', 'with --render: a page is ready once this CSS selector matches (default: when its network has been quiet 50 ms)')
    .option('--browser <path>', 'with --render: the Chromium executable (default: $TRAWL_BROWSER, else /usr/bin/chromium)')
    .option('--lease-timeout <ms>', "how long a worker's requests stay reserved without renewal: a dead worker's requests go to others after this (default: 30000)")
    .option('-H, --header <header>', 'extra request header "Name: value" (repeatable)', collect)
    .option('--user-agent <ua>', 'User-Agent header');
  return networkOptions(command, { cache: true })
    .option('--robots', 'obey robots.txt')
    .option('--sitemap <url>', 'start from every page a sitemap lists: urlset, sitemap index, .xml.gz, or a robots.txt whose Sitemap: lines are read (repeatable)', collect)
    .option('--since <date>', 'with --sitemap: only pages whose <lastmod> is later than this date (e.g. 2024-05-01)')
    .option('--allow-host <pattern>', 'hosts links, enqueues, sitemap pages and redirects may lead to: example.com, *.example.com (subdomains), host:port, or /regex/ (repeatable; crawl: replaces "same origin only")', collect)
    .option('--deny-host <pattern>', 'hosts they never lead to, same patterns (repeatable)', collect)
    .option('--timeout <ms>', 'response and body timeout (default: 30000)')
    .option('--retries <n>', 'retries of a failed request: network errors, 408, 429, 5xx (default: 3)')
    .addOption(new Option('--quiet', 'no progress display').default(false))
    .option('-v, --verbose', 'more detail in the progress display (per-worker rates)');
}

crawlOptions(
  program
    .command('crawl')
    .description('crawl from start URLs, following links and extracting fields declaratively')
    .argument('[urls...]', 'start URLs (http or https)')
    .option('-i, --input <file>', 'read start URLs from a file, one a line (# comments allowed); - reads standard input')
    .option('--follow <selector>', 'which links to follow: CSS (::attr(x) allowed) or XPath (default: every same-origin a[href])')
    .option('--match <regex>', 'only page URLs matching this produce items (default: every page)')
    .option('--item <selector>', 'each element this selects is one item, and --extract selectors are read inside it (CSS) or from it (XPath ./...) (default: one item per page)')
    .option('--extract <name=selector>', 'item field: CSS (::text, ::attr(x)) or XPath (starts with / ./ or "("), either optionally ending in ::re(<regex>); a bare ::re(<regex>) reads the page source (repeatable)', collect)
    .option('--parse-threads <n>', 'worker threads that parse pages once parsing keeps the main thread busy; 0: parse on the main thread (default: one per spare core, at most 3)')
    .option('--parse-timeout <ms>', 'longest a page may take to parse; a page over it fails and the crawl goes on (default: 15000)')
    .addHelpText('after', CRAWL_HELP),
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
    .option('-d, --dir <dir>', "folder for the spider's files (download() / writeFile())")
    .addHelpText('after', RUN_HELP),
).action(async (spider: string, options: Record<string, unknown>) => {
  const { runCommand } = await import('./commands/run.js');
  await exitWhenFlushed(await runCommand(spider, options));
});

program
  .command('worker')
  .description('join a job another trawl process owns (from this machine or another) and crawl until it is finished')
  .argument('[spider]', 'the spider file, for a job started by trawl run (must be the same file as the job\'s)')
  .requiredOption('--frontier <url>', "the job's frontier: redis://host:port[/db], or sqlite:<file> on this machine")
  .option('--job <name>', 'the job to join (required with Redis)')
  .option('-c, --concurrency <n>', "requests in flight in this worker (default: the job's)")
  .option('--timeout <ms>', "response and body timeout (default: the job's)")
  .option('--user-agent <ua>', "User-Agent header (default: the job's)")
  .option('--proxy <url>', "send requests through this proxy instead of the job's (repeatable; as for crawl)", collect)
  .option('--parse-threads <n>', 'worker threads that parse pages (declarative jobs)')
  .option('--parse-timeout <ms>', 'longest a page may take to parse (declarative jobs; default: 15000)')
  .option('-d, --dir <dir>', "folder for the spider's files (default: the job's)")
  .option('--browser <path>', 'Chromium executable for a job that renders pages (default: $TRAWL_BROWSER, else /usr/bin/chromium)')
  .option('--worker-id <id>', 'this worker\'s id in the job (default: a random one)')
  .addOption(new Option('--quiet', 'no progress display').default(false))
  .option('-v, --verbose', 'more detail in the progress display')
  .addHelpText(
    'after',
    `
Examples:
  # machine A: start the job, write the output, and let others join
  trawl crawl https://shop.example/ --match /item/ --extract title=h1 \\
    --frontier redis://10.0.0.5:6379 --job shop -o items.jsonl
  # machines B, C…: join it (the rules come from the job)
  trawl worker --frontier redis://10.0.0.5:6379 --job shop
  # a spider job: every worker needs the same spider file
  trawl worker --frontier redis://10.0.0.5:6379 --job novel examples/novel.ts

Exit status: 0 the job is finished, 2 bad input (no such job, another spider, an unreachable
frontier), 1 an error, 130/143 stopped by a signal.`,
  )
  .action(async (spider: string | undefined, options: Record<string, unknown>) => {
    const { workerCommand } = await import('./commands/worker.js');
    await exitWhenFlushed(await workerCommand(spider, options));
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
defineInspectCommands(program);
defineBenchCommand(program);
defineHlsCommand(program);
defineSniffCommand(program);
defineStreamCommand(program);
defineJobsCommand(program);

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
