// Declares `trawl get` (its options come from the schema, src/config/options/); the work itself
// is imported only when it runs.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';

export function defineGetCommand(program: Command): void {
  addSchemaOptions(
    program
      .command('get')
      .description('download files concurrently into a folder: safe unique names, .part files renamed when complete, resume, split ranges')
      .argument('[urls...]', 'URLs to download (http or https)'),
    'get',
  )
    .addHelpText(
      'after',
      [
        '',
        'Names come from Content-Disposition or the URL path, made safe; a name already used gets " (1)".',
        'Bytes go to <name>.part and are renamed when complete. An interrupted download resumes where it',
        'stopped (Range + If-Range, from <name>.part.json); a complete file already there is skipped.',
        '',
        'Examples:',
        '  trawl get -i urls.txt -d downloads -c 16',
        '  trawl get https://example.com/big.iso --split 16 --sha256 <hex>',
        '',
        'Exit status: 0 all done, 1 a download failed or a list line was bad, 2 bad arguments.',
      ].join('\n'),
    )
    .action(async (urls: string[], _flags: unknown, command: Command) => {
      // WebAssembly stays on V8's baseline compiler for every command (set in bin/trawl.cjs;
      // why: src/cli/memory.ts).
      const options = commandSettings(command, 'get');
      const { getCommand } = await import('./commands/get.js');
      process.exitCode = await getCommand(urls, options);
    });
}
