// Declares `trawl hls` (its options come from the schema, shared with `stream`); the work itself
// is imported only when it runs.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { STREAM_HELP_TAIL } from './define-stream.js';
import { addSchemaOptions } from './flags.js';

export function defineHlsCommand(program: Command): void {
  addSchemaOptions(
    program
      .command('hls')
      .description('download an HLS stream (master or media playlist): fetch segments concurrently, decrypt AES-128, join them in order; resumes after a crash')
      .argument('<url>', 'the .m3u8 playlist URL (http or https)'),
    'hls',
  )
    .addHelpText(
      'after',
      `${STREAM_HELP_TAIL.before}\n\nExamples:\n  trawl hls https://example.com/video/index.m3u8 -o lesson.ts\n` +
        '  trawl hls https://example.com/master.m3u8 --variant 720p -c 16 -o talk.mp4\n' +
        `  trawl hls https://example.com/master.m3u8 -o - | ffplay -\n\n${STREAM_HELP_TAIL.exit}`,
    )
    .action(async (url: string, _flags: unknown, command: Command) => {
      const options = commandSettings(command, 'hls');
      const { hlsCommand } = await import('./commands/hls.js');
      process.exitCode = await hlsCommand(url, options);
    });
}
