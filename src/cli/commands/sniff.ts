// `trawl sniff <page-url>`: command-line values to sniffPage options, notes on stderr, the media
// table (or JSON lines, each written as soon as it is seen) on stdout, and the exit code: 0 media
// found, 1 none ("no media requests seen in N s"), 130 interrupted; errors go to report-error.
import { findBrowser } from '../../browser/launch.js';
import { describeManifest, formatRate } from '../../browser/manifest-info.js';
import { resolvePageStream, type PageStream } from '../../browser/resolve-page-stream.js';
import { sniffPage } from '../../browser/sniff.js';
import type { SniffOptions } from '../../browser/sniff-options.js';
import type { SniffedMedia, SniffEvent } from '../../browser/sniff-types.js';
import { NoMediaError } from '../../errors/no-media-error.js';
import { OptionError } from '../../errors/option-error.js';
import { TypedEmitter } from '../../util/emitter.js';
import { parseHttpUrl } from '../../util/url.js';
import { formatError } from '../report-error.js';
import { sourceOf } from '../command-settings.js';

/** The options shared with `trawl hls <page-url>`: checked before the browser starts. */
export function pageSniffOptions(options: Record<string, unknown>): Omit<SniffOptions, 'url'> {
  // From TRAWL_BROWSER, the launcher reads the variable itself and names it if the path is wrong.
  const explicit = typeof options.browser === 'string' && sourceOf(options, 'browser') !== 'env' ? options.browser : undefined;
  const executablePath = findBrowser(explicit, '--browser');
  const waitMs = options.wait as number | undefined;
  if (options.click !== undefined && String(options.click).trim() === '') throw new OptionError('--click', options.click, 'expected a CSS selector');
  return {
    executablePath,
    ...(waitMs !== undefined ? { waitMs } : {}),
    ...(typeof options.click === 'string' ? { click: options.click } : {}),
    scroll: options.scroll === true,
  };
}

/** `--match <regex>` as a RegExp, or an OptionError naming it. */
export function regexOption(name: string, value: unknown): RegExp | undefined {
  if (value === undefined) return undefined;
  try {
    return new RegExp(String(value));
  } catch (error) {
    throw new OptionError(name, value, `not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * `trawl stream|hls <page-url>`: opens the page, picks its stream of one of `types` (best,
 * --pick n, --match re) and says on stderr what was found; the download then replays the
 * returned headers.
 */
export async function pageStream(
  pageUrl: string,
  types: readonly ('hls' | 'dash')[],
  options: Record<string, unknown>,
  headers: Readonly<Record<string, string>>,
  pick: number | undefined,
  match: RegExp | undefined,
): Promise<PageStream> {
  const page = pageSniffOptions(options);
  const quiet = options.quiet === true;
  const events = new TypedEmitter<SniffEvent>();
  events.on((event) => {
    if (event.type === 'note' && !quiet) process.stderr.write(`trawl: ${event.message}\n`);
  });
  if (!quiet) process.stderr.write(`trawl: ${pageUrl} is a web page: looking for its stream in headless Chromium\n`);
  const stream = await resolvePageStream(pageUrl, {
    ...page,
    types: [...types],
    headers,
    ...(typeof options.userAgent === 'string' ? { userAgent: options.userAgent } : {}),
    ...(pick !== undefined ? { pick } : {}),
    ...(match ? { match } : {}),
    events,
  });
  if (!quiet) {
    const kind = types.length === 1 ? `${types[0]!.toUpperCase()} streams` : 'streams';
    const others = stream.candidates.length > 1 ? ` (${stream.candidates.length} ${kind} on the page; --pick or --match to choose)` : '';
    process.stderr.write(`trawl: found ${stream.manifestUrl} after ${(stream.media.atMs / 1000).toFixed(2)} s${others}\n`);
  }
  return stream;
}

export async function sniffCommand(url: string, options: Record<string, unknown>): Promise<number> {
  const pageUrl = parseHttpUrl(url, 'page URL').href;
  const headers = { ...(options.headers as Record<string, string> | undefined) };
  const page = pageSniffOptions(options);
  const json = options.json === true;
  const quiet = options.quiet === true;
  const controller = new AbortController();
  // A reader that has what it wanted (`| head -1`) closes the pipe: stop watching, quietly.
  let stdoutClosed = false;
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') return;
    stdoutClosed = true;
    controller.abort(new Error('stdout closed'));
  };
  process.stdout.on('error', onStdoutError);
  const events = new TypedEmitter<SniffEvent>();
  events.on((event) => {
    if (event.type === 'note' && !quiet) process.stderr.write(`trawl: ${event.message}\n`);
    if (event.type === 'media' && json && !stdoutClosed) process.stdout.write(`${JSON.stringify(event.media)}\n`);
  });
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  if (!quiet) process.stderr.write(`trawl: opening ${pageUrl} in headless Chromium (${page.executablePath})\n`);
  try {
    const result = await sniffPage({
      ...page,
      url: pageUrl,
      headers,
      ...(typeof options.userAgent === 'string' ? { userAgent: options.userAgent } : {}),
      events,
      signal: controller.signal,
    });
    const seconds = result.ms / 1000;
    if (result.media.length === 0) {
      process.stderr.write(`${formatError(new NoMediaError(pageUrl, Math.round(seconds * 10) / 10))}\n`);
      return 1;
    }
    if (!json) process.stdout.write(mediaTable(result.media));
    if (!quiet) {
      const first = Math.min(...result.media.map((media) => media.atMs)) / 1000;
      const segments = result.segments > 0 ? `; ${result.segments} segment requests not listed` : '';
      process.stderr.write(`trawl: ${result.media.length} media request${result.media.length === 1 ? '' : 's'} in ${seconds.toFixed(1)} s (the first ${first.toFixed(2)} s after loading began)${segments}\n`);
    }
    return 0;
  } catch (error) {
    if (stdoutClosed) return 0;
    if (controller.signal.aborted) {
      process.stderr.write('trawl: interrupted\n');
      return 130;
    }
    throw error;
  } finally {
    process.stdout.off('error', onStdoutError);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** type | variant / bandwidth | URL; a master's variants each get a row under it. */
export function mediaTable(media: readonly SniffedMedia[]): string {
  const rows: [string, string, string][] = [['type', 'variant / bandwidth', 'url']];
  for (const item of media) {
    const manifest = item.manifest;
    rows.push([item.type, manifest ? (manifest.kind === 'master' ? `master: ${describeManifest(manifest).replace(/:.*$/, '')}` : describeManifest(manifest)) : '', item.url]);
    if (manifest?.kind !== 'master') continue;
    for (const variant of manifest.variants) {
      const label = [variant.resolution, variant.bandwidth ? formatRate(variant.bandwidth) : undefined, variant.contentType && variant.contentType !== 'video' ? variant.contentType : undefined].filter(Boolean).join(' ');
      rows.push(['', `  ${label || '(variant)'}`, variant.ref ?? '']);
    }
  }
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return `${rows.map((row) => `${row[0].padEnd(widths[0]!)}  ${row[1].padEnd(widths[1]!)}  ${row[2]}`.trimEnd()).join('\n')}\n`;
}
