// Declares `trawl bench` (options and help); the work itself is imported only when it runs.
import { Option, type Command } from 'commander';

export function defineBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('the timing experiment: N requests to /delay/<ms> made serially, by a pool of worker threads, and async; a table and an SVG chart')
    .option('--n <n>', 'requests per mode (default: 5 x C for async; serial and pool make at most 40 unless --n is given)')
    .option('--delay <ms>', 'how long the server waits before each answer, 0..60000 (default: 100)')
    .option('-c, --concurrency <n>', 'async mode: requests in flight at once (C) (default: 100)')
    .option('--pool <n>', 'pool mode: worker threads, one request in flight each (P) (default: 4)')
    .option('--modes <list>', 'modes to run, in order (default: serial,pool,async)')
    .option('--sweep <list>', 'async sweep: concurrencies to time, N = 5 x C each (default: 1,10,100,1000)')
    .option('--no-sweep', 'no sweep')
    .option('--chart <file.svg>', 'where to write the SVG chart (default: trawl-bench.svg)')
    .option('--no-chart', 'write no chart')
    .option('--json', 'print the results as one JSON document on stdout instead of the table')
    .option('--url <base>', 'time another server answering /delay/<ms>/<id> (http or https) instead of the bench\'s own delay server')
    .option('--no-warm-up', 'time connection set-up, thread start-up and first-run compiling too (default: done before the clock starts)')
    .addOption(new Option('--quiet', 'no progress lines on stderr').default(false))
    .addHelpText(
      'after',
      [
        '',
        'Modes: serial   one await after another, one connection',
        '       pool     P worker threads, each doing one request at a time (the thread-pool model)',
        '       async    one event loop with C requests in flight (trawl\'s fetcher)',
        'ideal s = ceil(N / concurrency) x delay (serial: N x delay, pool: ceil(N/P) x delay, async:',
        'ceil(N/C) x delay); efficiency = ideal / wall. Every answer is checked (status 200 and its own',
        'title); a run with errors shows FAILED instead of an efficiency, and the exit status is 1.',
        'The server is a minimal one in a child process (its own core and its own sockets) answering',
        '/delay/<ms>/<id> with the demo site\'s page and nothing else. The runs happen in another child',
        'started with 64 MB semi-spaces (fewer GC pauses on the clock at C = 1000). Before the',
        'clock starts, each run opens its connections and rehearses its requests once with no delay, so',
        'that compiling and heap growth are not timed. With the defaults the whole bench takes about 11 s.',
        '',
        'Examples:',
        '  trawl bench',
        '  trawl bench --modes async --sweep 1,10,100,1000 --delay 100',
        '  trawl bench --n 20 --delay 50 -c 10 --pool 2 --sweep 1,10 --json > bench.json',
      ].join('\n'),
    )
    .action(async (options: Record<string, unknown>) => {
      const { benchCommand } = await import('./commands/bench.js');
      process.exitCode = await benchCommand(options);
    });
}
