// Declares `trawl hls` (options and help); the work itself is imported only when it runs.
import type { Command } from 'commander';
import { STREAM_HELP_TAIL, streamOptions } from './define-stream.js';

export function defineHlsCommand(program: Command): void {
  streamOptions(
    program
      .command('hls')
      .description('download an HLS stream (master or media playlist): fetch segments concurrently, decrypt AES-128, join them in order; resumes after a crash')
      .argument('<url>', 'the .m3u8 playlist URL (http or https)'),
  )
    .addHelpText(
      'after',
      `${STREAM_HELP_TAIL}\n\nExamples:\n  trawl hls https://example.com/video/index.m3u8 -o lesson.ts\n` +
        '  trawl hls https://example.com/master.m3u8 --variant 720p -c 16 -o talk.mp4\n' +
        '  trawl hls https://example.com/master.m3u8 -o - | ffplay -',
    )
    .action(async (url: string, options: Record<string, unknown>) => {
      const { hlsCommand } = await import('./commands/hls.js');
      process.exitCode = await hlsCommand(url, options);
    });
}
