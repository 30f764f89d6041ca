// Declares `trawl get` (options and help); the work itself is imported only when it runs.
import { Option, type Command } from 'commander';
import { networkOptions } from './network-options.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function defineGetCommand(program: Command): void {
  const command = program
    .command('get')
    .description('download files concurrently into a folder: safe unique names, .part files renamed when complete, resume, split ranges')
    .argument('[urls...]', 'URLs to download (http or https)')
    .option('-i, --input <file>', 'read URLs from a file, one a line: "<url>" or "<url> <sha256>" (# comments allowed)')
    .option('-d, --dir <dir>', 'folder to save into (created when missing)', '.')
    .option('-c, --concurrency <n>', 'files downloaded at once (default: 8)')
    .option('--per-host <n>', 'connections per host (default: the concurrency)')
    .option('--split <n>', 'fetch each large file as this many byte ranges at once (default: 1)')
    .option('--sha256 <hex>', 'expected SHA-256 of the file (one URL only); a mismatch keeps the bytes as <name>.bad')
    .option('--force', 'download again even when a complete file of that name is already in the folder')
    .option('-H, --header <header>', 'extra request header "Name: value" (repeatable)', collect)
    .option('--user-agent <ua>', 'User-Agent header');
  networkOptions(command, { cache: false })
    .option('--timeout <ms>', 'response and body timeout (default: 30000)')
    .option('--retries <n>', 'retries of a failed request or a broken transfer (default: 3)')
    .addOption(new Option('--quiet', 'no progress display').default(false))
    .addHelpText(
      'after',
      [
        '',
        'Names come from Content-Disposition or the URL path, made safe; a name already used gets " (1)".',
        'Bytes go to <name>.part and are renamed when complete. An interrupted download resumes where it',
        'stopped (Range + If-Range, from <name>.part.json); a complete file already there is skipped.',
        'Exit status: 0 all done, 1 a download failed or a list line was bad, 2 bad arguments.',
      ].join('\n'),
    )
    .action(async (urls: string[], options: Record<string, unknown>) => {
      // WebAssembly stays on V8's baseline compiler for every command (set in bin/trawl.cjs;
      // why: src/cli/memory.ts).
      const { getCommand } = await import('./commands/get.js');
      process.exitCode = await getCommand(urls, options);
    });
}
