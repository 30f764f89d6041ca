// Declares `trawl hls` (options and help); the work itself is imported only when it runs.
import type { Command } from 'commander';
import { browserPageOptions } from './define-sniff.js';
import { networkOptions } from './network-options.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function defineHlsCommand(program: Command): void {
  const command = program
    .command('hls')
    .description('download an HLS stream (master or media playlist): fetch segments concurrently, decrypt AES-128, join them in order; resumes after a crash. Given a web page, finds its stream in headless Chromium first')
    .argument('<url>', 'the .m3u8 playlist URL, or a page whose player loads one (http or https)')
    .option('-o, --output <file>', 'output file: the decrypted stream byte for byte, or .mp4 to remux with ffmpeg (default: named after the URL, .ts)')
    .option('--variant <spec>', 'variant of a master playlist: best, worst, <height>p (e.g. 720p) or a bandwidth ceiling in bit/s', 'best')
    .option('--audio <lang>', 'audio rendition (EXT-X-MEDIA) by language, saved beside the output as <base>.<lang>.<ext> (default: the variant\'s default one, if separate)')
    .option('--subs <lang>', 'subtitle rendition by language, saved beside the output as <base>.<lang>.vtt')
    .option('-c, --concurrency <n>', 'segments fetched at once (default: 8)')
    .option('--retries <n>', 'retries of a failed request: network errors, 408, 429, 5xx, short bodies (default: 3)')
    .option('--key <hex|file>', 'AES-128 key to use instead of the playlist\'s: 32 hex digits, or a file with the 16 bytes')
    .option('--iv <hex>', 'IV (32 hex digits) to use for every segment instead of the playlist\'s')
    .option('-H, --header <header>', 'extra request header "Name: value" (repeatable)', collect)
    .option('--cookie <cookie>', 'cookie "name=value" sent with every request (repeatable); cookies the server sets are kept too', collect)
    .option('--user-agent <ua>', 'User-Agent header');
  networkOptions(command, { cache: false })
    .option('--timeout <ms>', 'response and body timeout (default: 30000)')
    .option('--allow-gaps', 'when a segment fails for good, skip it, write <output>.gaps.json and go on (exit code 1)')
    .option('--restart', 'ignore the state of an interrupted earlier run and start the output over')
    .option('--live', 'record a live or EVENT playlist as it grows, until EXT-X-ENDLIST or --duration')
    .option('--duration <seconds>', 'with --live: stop after this many seconds of media')
    .option('--no-probe', 'skip the duration check at the end (the .ts timestamps, or ffprobe for other outputs)')
    .option('--quiet', 'no progress display')
    .option('--pick <n>', 'page URL: download the n-th HLS stream the page requested (default: the best)')
    .option('--match <regex>', 'page URL: only streams whose URL matches qualify');
  browserPageOptions(command, 'a page URL')
    .addHelpText(
      'after',
      '\nAn interrupted download resumes when the same command runs again (state: <output>.trawl.json).\n' +
        'A URL that answers with an HTML page is opened in headless Chromium (apt-get install chromium, or --browser);\n' +
        'the HLS stream it requests is downloaded with the Referer, cookies and User-Agent the browser sent.\n' +
        'Examples:\n  trawl hls https://example.com/video/index.m3u8 -o lesson.ts\n  trawl hls https://example.com/master.m3u8 --variant 720p -c 16 -o talk.mp4\n' +
        "  trawl hls https://example.com/watch/123 -o video.ts          # a page: sniff, then download\n  trawl hls https://example.com/watch/123 --click '.play' --match 1080\n" +
        'Exit status: 0 done, 1 gaps, a failed remux or no stream on the page, 2 bad input or no browser, 130 interrupted.',
    )
    .action(async (url: string, options: Record<string, unknown>) => {
      const { hlsCommand } = await import('./commands/hls.js');
      process.exitCode = await hlsCommand(url, options);
    });
}
