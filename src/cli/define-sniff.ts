// Declares `trawl sniff` (its options come from the schema); the work itself is imported only
// when it runs.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';

export function defineSniffCommand(program: Command): void {
  addSchemaOptions(
    program
      .command('sniff')
      .description('open a page in headless Chromium and list the media requests it makes: HLS and DASH manifests, video, audio, subtitles')
      .argument('<page-url>', 'the page (http or https)'),
    'sniff',
  )
    .addHelpText(
      'after',
      '\nWatching ends when the network has been quiet for half a second, or at --wait. Pop-ups are closed, dialogs\n' +
        'dismissed; a page that navigates away is followed. Types: hls, dash, video, audio, subtitle (by\n' +
        'Content-Type, the first bytes of the body, then the URL); segments are counted, not listed.\n' +
        'Needs Chromium: apt-get install chromium (or --browser <path>, or TRAWL_BROWSER).\n\n' +
        'Examples:\n' +
        '  trawl sniff https://example.com/watch/123\n' +
        "  trawl sniff https://example.com/watch/123 --click '.play' --json | jq -r 'select(.type==\"hls\").url'\n" +
        '  trawl hls https://example.com/watch/123 -o video.ts     # sniff, then download the best HLS stream\n\n' +
        'Exit status: 0 media found, 1 no media requests seen, 2 bad input or no browser, 130 interrupted.',
    )
    .action(async (url: string, _flags: unknown, command: Command) => {
      const options = commandSettings(command, 'sniff');
      const { sniffCommand } = await import('./commands/sniff.js');
      process.exitCode = await sniffCommand(url, options);
    });
}
