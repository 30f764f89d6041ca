// Declares `trawl bench` (its options come from the schema); the work itself is imported only
// when it runs.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';

export function defineBenchCommand(program: Command): void {
  addSchemaOptions(
    program
      .command('bench')
      .description('the timing experiment: N requests to /delay/<ms> made serially, by a pool of worker threads, and async; a table and an SVG chart'),
    'bench',
  )
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
    .action(async (_flags: unknown, command: Command) => {
      const options = commandSettings(command, 'bench');
      const { benchCommand } = await import('./commands/bench.js');
      process.exitCode = await benchCommand(options);
    });
}
