// `trawl stream <url>` and `trawl hls <url>`: command-line values to download options (a web
// page's URL is opened in Chromium first, and the stream it plays is downloaded as it was asked for),
// progress on stderr, Ctrl-C that keeps the resume state, `-o -` to standard output, the
// summary lines and the exit code (0 done, 1 gaps or a failed ffmpeg step, 130 interrupted;
// errors go to report-error).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { OptionError } from '../../errors/option-error.js';
import { answersWithPage } from '../../browser/answers-with-page.js';
import { defaultOutputName, downloadHls, readKeyOption, statePathFor } from '../../hls/index.js';
import { downloadStream } from '../../media/download-stream.js';
import { parseHex16 } from '../../stream/keys.js';
import type { StreamDownloadOptions } from '../../stream/options.js';
import type { StreamEvent, StreamResult } from '../../stream/types.js';
import { formatBytes, formatDuration } from '../../util/bytes.js';
import { TypedEmitter } from '../../util/emitter.js';
import { parseHttpUrl } from '../../util/url.js';
import { tuneForStreaming } from '../memory.js';
import { createHlsProgress } from '../hls-progress.js';
import { floatOption, headerOption, intOption } from '../parse-options.js';
import { networkOptionsFrom } from '../network-options.js';
import { pageStream, regexOption } from './sniff.js';

export async function streamCommand(url: string, options: Record<string, unknown>): Promise<number> {
  return runStreamCommand('auto', url, options);
}

/** `stream` (HLS or DASH, told apart by the manifest) and `hls` (HLS alone). */
export async function runStreamCommand(format: 'auto' | 'hls', url: string, options: Record<string, unknown>): Promise<number> {
  // Everything the user typed is checked before the first request.
  let playlistUrl = parseHttpUrl(url, format === 'hls' ? 'playlist URL' : 'manifest URL').href;
  const pick = intOption('--pick', options.pick, 1);
  const match = regexOption('--match', options.match);
  const network = networkOptionsFrom(options);
  const live = options.live === true;
  const durationSeconds = floatOption('--duration', options.duration, 0.001, 1e9);
  if (durationSeconds !== undefined && !live) throw new OptionError('--duration', options.duration, 'only applies with --live');
  const headers = headerOption(options.header);
  const cookies = ((options.cookie as string[] | undefined) ?? []).map((cookie) => {
    if (!/^[^=;\s]+=[^;]*$/.test(cookie.trim())) throw new OptionError('--cookie', cookie, 'expected name=value');
    return cookie.trim();
  });
  if (cookies.length > 0) headers.cookie = [headers.cookie, ...cookies].filter(Boolean).join('; ');
  const timeoutMs = intOption('--timeout', options.timeout, 1);
  const concurrency = intOption('-c', options.concurrency, 1) ?? 8;
  const retries = intOption('--retries', options.retries, 0);
  const key = typeof options.key === 'string' ? await readKeyOption(options.key, '--key') : undefined;
  const iv = typeof options.iv === 'string' ? parseHex16(options.iv, '--iv') : undefined;
  const toStdout = options.output === '-';
  let output = typeof options.output === 'string' && !toStdout ? resolve(options.output) : undefined;
  const userAgent = typeof options.userAgent === 'string' ? options.userAgent : undefined;

  // A web page instead of a manifest: find the stream in the browser, then download it as the
  // page's player would (its Referer, cookies, User-Agent and the token in the URL).
  const proxy = Array.isArray(network.proxy) ? (network.proxy[0] as string | undefined) : undefined;
  if (await answersWithPage(playlistUrl, { headers, ...(userAgent ? { userAgent } : {}), ...(proxy ? { proxy } : {}) })) {
    const stream = await pageStream(playlistUrl, format === 'hls' ? ['hls'] : ['hls', 'dash'], options, headers, pick, match);
    if (!toStdout) output ??= resolve(defaultOutputName(playlistUrl));
    // The user's -H wins over what the page sent; cookies from both are sent.
    for (const [name, value] of Object.entries(stream.headers)) headers[name] = name === 'cookie' && headers.cookie ? `${headers.cookie}; ${value}` : (headers[name] ?? value);
    playlistUrl = stream.manifestUrl;
  } else if (pick !== undefined || match !== undefined) {
    throw new OptionError(pick !== undefined ? '--pick' : '--match', pick ?? options.match, `only applies to a page URL (this URL is a ${format === 'hls' ? 'playlist' : 'manifest'})`);
  }
  if (toStdout) {
    // The reader may go away (`| head`, a player closed): the write fails with EPIPE, handled below.
    process.stdout.on('error', () => {});
  }

  const events = new TypedEmitter<StreamEvent>();
  const progress = await createHlsProgress(process.stderr, options.quiet === true);
  events.on((event) => progress.event(event));
  let writing: string | undefined;
  events.on((event) => {
    if (event.type === 'track-start') writing = event.output;
  });
  events.on(tuneForStreaming());
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    progress.note('stopping: the state is saved, run the same command again to resume (Ctrl-C again to quit at once)');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let result: StreamResult;
  const download = format === 'hls' ? downloadHls : downloadStream;
  try {
    const request: StreamDownloadOptions = {
      url: playlistUrl,
      ...(output ? { output } : {}),
      ...(toStdout ? { outputStream: process.stdout } : {}),
      variant: String(options.variant ?? 'best'),
      ...(typeof options.audio === 'string' ? { audio: options.audio } : {}),
      ...(typeof options.subs === 'string' ? { subs: options.subs } : {}),
      subFormat: options.subFormat === 'srt' ? 'srt' : 'vtt',
      concurrency,
      ...(retries !== undefined ? { retries } : {}),
      ...(key ? { key } : {}),
      ...(iv ? { iv } : {}),
      headers,
      ...(userAgent ? { userAgent } : {}),
      ...(network.proxy ? { proxy: network.proxy as readonly string[] } : {}),
      ...(network.proxyRotation ? { proxyRotation: network.proxyRotation } : {}),
      ...(network.privateNetworks === false ? { privateNetworks: false } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      allowGaps: options.allowGaps === true,
      restart: options.restart === true,
      live,
      ...(durationSeconds !== undefined ? { durationSeconds } : {}),
      strict: options.strict === true,
      probe: options.probe !== false,
      events,
      signal: controller.signal,
    };
    result = await download(request);
  } catch (error) {
    progress.stop();
    if (toStdout && (error as NodeJS.ErrnoException)?.code === 'EPIPE') {
      progress.note('standard output was closed: stopped');
      return 0;
    }
    const state = writing === undefined ? undefined : statePathFor(writing);
    const saved = state !== undefined && existsSync(state);
    if (controller.signal.aborted) {
      progress.note(saved ? `interrupted; progress is in ${state}: run the same command again to resume` : 'interrupted');
      return 130;
    }
    if (saved) progress.note(`progress is saved in ${state}: run the same command again to resume`);
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  progress.stop();
  process.stderr.write(`${summaryLines(result).join('\n')}\n`);
  return result.gaps.length > 0 || result.remux === 'failed' ? 1 : 0;
}

function summaryLines(result: StreamResult): string[] {
  const rate = result.seconds > 0 ? result.bytesFetched / 1e6 / result.seconds : 0;
  const resumed = result.tracks.reduce((sum, track) => sum + track.resumedSegments, 0);
  const lines = [
    `trawl: done: ${result.segments} segments, ${formatBytes(result.bytes)} in ${formatDuration(result.seconds * 1000)} ` +
      `(${rate.toFixed(1)} MB/s)${resumed > 0 ? `, ${resumed} segments resumed from an earlier run` : ''} -> ${result.output === '-' ? 'standard output' : result.output}; ${durationCheck(result)}`,
  ];
  for (const track of result.tracks.slice(1)) lines.push(`trawl: ${track.kind}: ${track.segments} segments, ${formatBytes(track.bytes)} -> ${track.output}`);
  if (result.gaps.length > 0) {
    lines.push(`trawl: ${result.gaps.length} gap(s) in the output (segments missing): see ${result.gapReport}`);
  }
  if (result.remux === 'failed') lines.push(`trawl: ffmpeg failed (${result.remuxError}); the tracks are in ${result.outputs.join(', ')}`);
  return lines;
}

function durationCheck(result: StreamResult): string {
  const listed = `${result.extinfSeconds.toFixed(1)}s`;
  const manifest = result.format === 'dash' ? 'the MPD' : 'the playlist';
  switch (result.probe) {
    case 'timestamps':
    case 'ffprobe': {
      const probed = result.probedSeconds ?? 0;
      const off = Math.abs(probed - result.extinfSeconds) > Math.max(1, result.extinfSeconds * 0.01);
      const how = result.probe === 'ffprobe' ? 'ffprobe' : 'from its timestamps';
      return `duration ${listed} in ${manifest}, ${probed.toFixed(1)}s in the file (${how})${off ? ' — they differ' : ''}`;
    }
    case 'ffprobe-missing':
      return `duration ${listed} in ${manifest} (ffprobe not found: file duration not checked)`;
    case 'failed':
      return `duration ${listed} in ${manifest} (the file's duration could not be read)`;
    default:
      return `duration ${listed} in ${manifest}`;
  }
}
