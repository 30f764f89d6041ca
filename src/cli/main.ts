// The `trawl` command table. Each command's code is imported only when that command runs, so
// start-up stays quick (the delay benchmark times the whole process).
import { Command } from 'commander';
import { defineBenchCommand } from './define-bench.js';
import { defineGetCommand } from './define-get.js';
import { defineHlsCommand } from './define-hls.js';
import { CRAWL_HELP, RUN_HELP } from './crawl-help.js';
import { defineInspectCommands } from './define-inspect.js';
import { defineJobsCommand } from './define-jobs.js';
import { defineSniffCommand } from './define-sniff.js';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';
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

addSchemaOptions(
  program
    .command('crawl')
    .description('crawl from start URLs, following links and extracting fields declaratively')
    .argument('[urls...]', 'start URLs (http or https)'),
  'crawl',
)
  .addHelpText('after', CRAWL_HELP)
  .action(async (urls: string[], _flags: unknown, command: Command) => {
    const options = commandSettings(command, 'crawl');
    const { crawlCommand } = await import('./commands/crawl.js');
    await exitWhenFlushed(await crawlCommand(urls, options));
  });

addSchemaOptions(
  program
    .command('run')
    .description('run a spider module (.ts or .js; TypeScript runs as is, no build step)')
    .argument('<spider>', 'path of the spider module'),
  'run',
)
  .addHelpText('after', RUN_HELP)
  .action(async (spider: string, _flags: unknown, command: Command) => {
    const options = commandSettings(command, 'run');
    const { runCommand } = await import('./commands/run.js');
    await exitWhenFlushed(await runCommand(spider, options));
  });

addSchemaOptions(
  program
    .command('worker')
    .description('join a job another trawl process owns (from this machine or another) and crawl until it is finished')
    .argument('[spider]', 'the spider file, for a job started by trawl run (must be the same file as the job\'s)'),
  'worker',
)
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
  .action(async (spider: string | undefined, _flags: unknown, command: Command) => {
    const options = commandSettings(command, 'worker');
    const { workerCommand } = await import('./commands/worker.js');
    await exitWhenFlushed(await workerCommand(spider, options));
  });

addSchemaOptions(program.command('serve-demo').description("serve the bundled demo site (the classic lessons' sites) on 127.0.0.1"), 'serve-demo')
  .addHelpText('after', '\nExamples:\n  trawl serve-demo --port 8080\n  trawl serve-demo --port 0 --faults 0.1\n\nExit status: 0 stopped with Ctrl-C, 2 bad arguments.')
  .action(async (_flags: unknown, command: Command) => {
    const options = commandSettings(command, 'serve-demo');
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

addSchemaOptions(
  program.command('demo').description('start the demo site and run every classic job against it at once, then serially, and compare'),
  'demo',
)
  .addHelpText(
    'after',
    '\nExamples:\n  trawl demo\n  trawl demo --latency 0 --no-serial --out /tmp/demo\n\nExit status: 0 every job finished, 1 a job had failures, 2 bad arguments.',
  )
  .action(async (_flags: unknown, command: Command) => {
    const options = commandSettings(command, 'demo');
    const { demoCommand } = await import('./commands/demo.js');
    process.exitCode = await demoCommand(options);
  });

program.on('command:*', (operands: string[]) => {
  process.stderr.write(`trawl: unknown command ${JSON.stringify(operands[0])} (run trawl --help)\n`);
  process.exit(2);
});

program.parseAsync(process.argv).catch(reportAndExit);
