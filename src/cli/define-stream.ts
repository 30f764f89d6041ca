// Declares `trawl stream` (options and help), and the options it shares with `trawl hls`; the
// work itself is imported only when the command runs.
import { Option, type Command } from 'commander';
import { browserPageOptions } from './define-sniff.js';
import { networkOptions } from './network-options.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The options of `stream` and `hls`. */
export function streamOptions(command: Command): Command {
  command
    .option('-o, --output <file>', 'output file, or - for standard output (one track); .mp4/.mkv are made by ffmpeg, any other name gets the bytes as served (default: named after the URL)')
    .option('--variant <spec>', 'video quality: best, worst, <height>p (e.g. 720p) or a bandwidth ceiling in bit/s', 'best')
    .option('--audio <lang>', 'audio language (en matches en-US) (default: the default or main audio, when separate)')
    .option('--subs <lang>', 'subtitles in this language, aligned to the video, as one file')
    .addOption(new Option('--sub-format <format>', 'subtitle file format').choices(['vtt', 'srt']).default('vtt'))
    .option('-c, --concurrency <n>', 'segments fetched at once (default: 8)')
    .option('--retries <n>', 'retries of a failed request: network errors, 408, 429, 5xx, short bodies (default: 3)')
    .option('--key <hex|file>', 'HLS AES-128 key to use instead of the playlist\'s: 32 hex digits, or a file with the 16 bytes')
    .option('--iv <hex>', 'HLS IV (32 hex digits) to use for every segment instead of the playlist\'s')
    .option('-H, --header <header>', 'extra request header "Name: value" (repeatable)', collect)
    .option('--cookie <cookie>', 'cookie "name=value" sent with every request (repeatable); cookies the server sets are kept too', collect)
    .option('--user-agent <ua>', 'User-Agent header');
  networkOptions(command, { cache: false })
    .option('--timeout <ms>', 'response and body timeout (default: 30000)')
    .option('--allow-gaps', 'when a segment fails for good, skip it, write <output>.gaps.json and go on (exit code 1)')
    .option('--restart', 'ignore the state of an interrupted earlier run and start the output over')
    .option('--live', 'record a live stream (live/EVENT playlist, dynamic MPD) as it grows, until it ends or --duration')
    .option('--duration <seconds>', 'with --live: stop after this many seconds of media')
    .option('--strict', 'refuse manifests that deviate from the standard even where players accept them (default: accept, with a warning)')
    .option('--no-probe', 'skip the duration check at the end (from the file\'s timestamps, or ffprobe)')
    .option('--quiet', 'no progress display')
    .option('--pick <n>', 'page URL: download the n-th stream the page requested (default: the best)')
    .option('--match <regex>', 'page URL: only streams whose URL matches qualify');
  return browserPageOptions(command, 'a page URL');
}

export const STREAM_HELP_TAIL = [
  '',
  'Output: one track to any name but .mp4/.mkv is its bytes as served (init section, then every',
  'segment, in order). Several tracks (video, audio, subtitles) go into one .mp4/.mkv with ffmpeg',
  '(one call, stream copy), or else into <stem>.video.<ext>, <stem>.audio.<lang>.<ext> and',
  '<stem>.subs.<lang>.vtt beside it. Bytes live in <file>.part until the download is whole; an',
  'interrupted download resumes when the same command runs again (state: <file>.trawl.json).',
  'Encrypted streams (DASH ContentProtection, HLS SAMPLE-AES, DRM key formats) are refused before',
  'anything is fetched. A URL that answers with a web page is opened in headless Chromium',
  '(apt-get install chromium, or --browser) and the stream its player requests is downloaded with',
  'the Referer, cookies and User-Agent the browser sent.',
  'Exit status: 0 done, 1 a segment failed, gaps (--allow-gaps) or a failed ffmpeg step,',
  '2 bad arguments, a bad manifest, an encrypted stream or no browser, 130 interrupted.',
].join('\n');

export function defineStreamCommand(program: Command): void {
  streamOptions(
    program
      .command('stream')
      .description('download an HLS or DASH stream (recognised by its manifest): segments fetched concurrently, joined in order, subtitles aligned; resumes after a crash')
      .argument('<url>', 'the manifest URL: an .m3u8 playlist or a .mpd (http or https)'),
  )
    .addHelpText(
      'after',
      `${STREAM_HELP_TAIL}\n\nExamples:\n  trawl stream https://example.com/live/manifest.mpd -o talk.mkv --audio en --subs en\n` +
        '  trawl stream https://example.com/video/master.m3u8 --variant 720p -c 16 -o talk.mp4\n' +
        '  trawl stream https://example.com/manifest.mpd -o - | ffplay -\n' +
        '  trawl stream https://example.com/live.mpd --live --duration 600 -o rec.mp4\n' +
        "  trawl stream https://example.com/watch/123 -o video.ts          # a page: sniff, then download\n" +
        "  trawl stream https://example.com/watch/123 --click '.play' --match 1080 --proxy socks5h://127.0.0.1:9050",
    )
    .action(async (url: string, options: Record<string, unknown>) => {
      const { streamCommand } = await import('./commands/stream.js');
      process.exitCode = await streamCommand(url, options);
    });
}
