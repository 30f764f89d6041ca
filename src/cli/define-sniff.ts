// Declares `trawl sniff` (options and help), and the browser options `trawl hls` shares with it
// for page URLs; the work itself is imported only when it runs.
import type { Command } from 'commander';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** --browser, --wait, --click, --scroll: how a page is opened in Chromium (sniff, and hls given a page URL). */
export function browserPageOptions(command: Command, what: string): Command {
  return command
    .option('--browser <path>', 'Chromium executable (default: $TRAWL_BROWSER, else /usr/bin/chromium)')
    .option('--wait <ms>', `longest time to watch ${what}, from the start of loading; it also bounds loading, --click and --scroll (default: 15000)`)
    .option('--click <selector>', 'click this CSS selector once the page has loaded (a play button)')
    .option('--scroll', 'scroll to the bottom until the page stops growing (players that load when seen)');
}

export function defineSniffCommand(program: Command): void {
  browserPageOptions(
    program
      .command('sniff')
      .description('open a page in headless Chromium and list the media requests it makes: HLS and DASH manifests, video, audio, subtitles')
      .argument('<page-url>', 'the page (http or https)'),
    'the page',
  )
    .option('--json', 'one JSON object per media request on stdout (url, type, headers it was sent with, …) instead of the table')
    .option('-H, --header <header>', 'extra request header "Name: value" for the page (repeatable)', collect)
    .option('--user-agent <ua>', "the browser's User-Agent (default: Chromium's own)")
    .option('--quiet', 'no notes on stderr')
    .addHelpText(
      'after',
      '\nWatching ends when the network has been quiet for half a second, or at --wait. Pop-ups are closed, dialogs\n' +
        'dismissed; a page that navigates away is followed. Types: hls, dash, video, audio, subtitle (by\n' +
        'Content-Type, the first bytes of the body, then the URL); segments are counted, not listed.\n' +
        'Needs Chromium: apt-get install chromium (or --browser <path>).\n' +
        'Examples:\n' +
        '  trawl sniff https://example.com/watch/123\n' +
        "  trawl sniff https://example.com/watch/123 --click '.play' --json | jq -r 'select(.type==\"hls\").url'\n" +
        '  trawl hls https://example.com/watch/123 -o video.ts     # sniff, then download the best HLS stream\n' +
        'Exit status: 0 media found, 1 no media requests seen, 2 bad input or no browser, 130 interrupted.',
    )
    .action(async (url: string, options: Record<string, unknown>) => {
      const { sniffCommand } = await import('./commands/sniff.js');
      process.exitCode = await sniffCommand(url, options);
    });
}
