// Declares `trawl stream` (its options come from the schema, shared with `hls`); the work itself
// is imported only when the command runs.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';

export const STREAM_HELP_TAIL = {
  before: [
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
  ].join('\n'),
  exit: [
    'Exit status: 0 done, 1 a segment failed, gaps (--allow-gaps) or a failed ffmpeg step,',
    '2 bad arguments, a bad manifest, an encrypted stream or no browser, 130 interrupted.',
  ].join('\n'),
};

export function defineStreamCommand(program: Command): void {
  addSchemaOptions(
    program
      .command('stream')
      .description('download an HLS or DASH stream (recognised by its manifest): segments fetched concurrently, joined in order, subtitles aligned; resumes after a crash')
      .argument('<url>', 'the manifest URL: an .m3u8 playlist or a .mpd (http or https)'),
    'stream',
  )
    .addHelpText(
      'after',
      `${STREAM_HELP_TAIL.before}\n\nExamples:\n  trawl stream https://example.com/live/manifest.mpd -o talk.mkv --audio en --subs en\n` +
        '  trawl stream https://example.com/video/master.m3u8 --variant 720p -c 16 -o talk.mp4\n' +
        '  trawl stream https://example.com/manifest.mpd -o - | ffplay -\n' +
        '  trawl stream https://example.com/live.mpd --live --duration 600 -o rec.mp4\n' +
        "  trawl stream https://example.com/watch/123 -o video.ts          # a page: sniff, then download\n" +
        "  trawl stream https://example.com/watch/123 --click '.play' --match 1080 --proxy socks5h://127.0.0.1:9050\n\n" +
        STREAM_HELP_TAIL.exit,
    )
    .action(async (url: string, _flags: unknown, command: Command) => {
      const options = commandSettings(command, 'stream');
      const { streamCommand } = await import('./commands/stream.js');
      process.exitCode = await streamCommand(url, options);
    });
}
