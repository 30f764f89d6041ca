// `trawl get`: downloads URLs from arguments and/or a list file into a folder. Bad list lines
// are reported (file:line) and the rest downloaded; the exit status is 1 when any line was
// bad or any download failed.
import { statSync } from 'node:fs';
import { InputError } from '../../errors/input-error.js';
import { OptionError } from '../../errors/option-error.js';
import type { TrawlError } from '../../errors/trawl-error.js';
import { Downloader } from '../../media/get/downloader.js';
import type { DownloadItem } from '../../media/get/events.js';
import { parseHttpUrl } from '../../util/url.js';
import { GetProgress } from '../get-progress.js';
import { inputName, parseUrlList, readInputText } from '../inputs.js';
import { headerOption, intOption } from '../parse-options.js';
import { networkOptionsFrom } from '../network-options.js';

const SHA256 = /^[0-9a-f]{64}$/i;

export async function getCommand(args: readonly string[], options: Record<string, unknown>): Promise<number> {
  // Check everything the user typed before touching the network or any file.
  const items: DownloadItem[] = args.map((url, index) => ({ url: parseHttpUrl(url, `URL ${index + 1}`).href }));
  let badLines: TrawlError[] = [];
  if (typeof options.input === 'string') {
    const list = await readDownloadList(options.input);
    items.push(...list.items);
    badLines = list.errors;
  }
  if (typeof options.sha256 === 'string') {
    if (!SHA256.test(options.sha256)) throw new OptionError('--sha256', options.sha256, 'expected 64 hex digits');
    if (items.length !== 1 || typeof options.input === 'string') {
      throw new OptionError('--sha256', options.sha256, 'needs exactly one URL (in a list file, write "<url> <sha256>" lines)');
    }
    items[0] = { ...items[0]!, sha256: options.sha256.toLowerCase() };
  }
  if (items.length === 0 && badLines.length === 0) throw new InputError('URLs', '', 'give at least one URL, or -i <file>');
  const concurrency = intOption('-c', options.concurrency, 1) ?? 8;
  const timeout = intOption('--timeout', options.timeout, 1) ?? 30_000;
  const retries = intOption('--retries', options.retries, 0) ?? 3;
  const split = intOption('--split', options.split, 1) ?? 1;
  if (split > 64) throw new OptionError('--split', options.split, 'expected a whole number from 1 to 64');
  const dir = typeof options.dir === 'string' ? options.dir : '.';
  const dirStats = statSync(dir, { throwIfNoEntry: false });
  if (dirStats && !dirStats.isDirectory()) throw new InputError(dir, '', 'not a folder (-d)');
  const controller = new AbortController();
  const downloader = new Downloader({
    dir,
    concurrency,
    perHost: intOption('--per-host', options.perHost, 1) ?? concurrency,
    split,
    force: options.force === true,
    bodyRetries: retries,
    signal: controller.signal,
    fetch: {
      maxRetries: retries,
      connectTimeoutMs: Math.min(timeout, 10_000),
      headersTimeoutMs: timeout,
      bodyTimeoutMs: timeout,
      headers: headerOption(options.header),
      ...(typeof options.userAgent === 'string' ? { userAgent: options.userAgent } : {}),
      ...networkOptionsFrom(options),
    },
  });

  const progress = new GetProgress(process.stderr, options.quiet === true);
  const interruption = new InputError('trawl get', '', 'interrupted');
  progress.interruption = interruption;
  for (const error of badLines) progress.note(`skipped bad line: ${error.message}`);
  const off = downloader.events.on((event) => progress.event(event));
  let interrupted = 0;
  const onSignal = (): void => {
    interrupted++;
    if (interrupted > 1) process.exit(130);
    progress.note('stopping: .part files are kept and resume on the next run (Ctrl-C again to quit at once)');
    controller.abort(interruption);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await progress.start(downloader);
  let summary;
  try {
    summary = await downloader.run(items);
  } finally {
    progress.stop();
    off();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await downloader.close();
  }
  progress.summary(summary, badLines.length);
  if (interrupted > 0) return 130;
  return summary.failed > 0 || badLines.length > 0 ? 1 : 0;
}

export interface DownloadList {
  readonly items: DownloadItem[];
  /** One error per bad line, naming file:line, in line order. */
  readonly errors: TrawlError[];
}

/**
 * A `-i` list (`-` for standard input): the URL-list format (one URL a line, blank lines and # comments ignored), where
 * a line may also carry the file's SHA-256: `<url> <sha256>` or `<url>\t<sha256>`.
 */
export async function readDownloadList(file: string): Promise<DownloadList> {
  return parseDownloadList(await readInputText(file, 'URL list'), inputName(file));
}

export function parseDownloadList(text: string, file: string): DownloadList {
  const digests = new Map<string, string>();
  const errors: TrawlError[] = [];
  // Every line keeps its number: a digest is cut off and a malformed line blanked (its error
  // noted), so the shared URL-list parser checks only URLs and names the same file:line.
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((raw, index) => {
      const line = raw.trim();
      const words = line.split(/[ \t]+/);
      if (line.startsWith('#') || words.length === 1) return line;
      const place = `${file}:${index + 1}`;
      if (words.length === 2 && SHA256.test(words[1]!)) {
        digests.set(place, words[1]!.toLowerCase());
        return words[0]!;
      }
      errors.push(new InputError(line, place, 'expected "<url>" or "<url> <sha256>" (64 hex digits)'));
      return '';
    });
  const parsed = parseUrlList(lines.join('\n'), file);
  const all = [...errors, ...parsed.errors].sort((a, b) => lineOf(a) - lineOf(b));
  const items = parsed.urls.map(({ url, place }): DownloadItem => {
    const sha256 = digests.get(place);
    return sha256 === undefined ? { url, place } : { url, place, sha256 };
  });
  return { items, errors: all };
}

function lineOf(error: TrawlError): number {
  const place = (error as { place?: unknown }).place;
  const match = typeof place === 'string' ? /:(\d+)$/.exec(place) : null;
  return match ? Number(match[1]) : 0;
}
