// downloadStream: HLS or DASH, told apart from the manifest itself. The URL is fetched once;
// its body says which it is (#EXTM3U, or an <MPD> root), else its Content-Type
// (application/vnd.apple.mpegurl, application/dash+xml), else its extension (.m3u8, .mpd);
// the text goes on to the right front end without a second request.
import { InputError } from '../errors/input-error.js';
import type { FetchResult } from '../types/fetch.js';
import { dashPresentation, mpdLoadOptions } from '../dash/download/download.js';
import { parseWithWarnings } from '../dash/download/mpd-source.js';
import { hlsPresentation } from '../hls/download/download.js';
import { resolveStreamOptions, type StreamDownloadOptions } from '../stream/options.js';
import { downloadPresentation, withStreamFetcher } from '../stream/run.js';
import type { StreamResult } from '../stream/types.js';

export type StreamFormat = 'hls' | 'dash';

const HLS_TYPES = /^(application|audio)\/(vnd\.apple\.mpegurl|x-mpegurl|mpegurl)\b/i;
const DASH_TYPES = /^application\/dash\+xml\b/i;

/** Which manifest `response` is, or undefined when nothing says. */
export function detectFormat(response: Pick<FetchResult, 'url' | 'headers' | 'body'>): StreamFormat | undefined {
  const head = response.body.subarray(0, 4096).toString('utf8').replace(/^\ufeff/, '').trimStart();
  if (head.startsWith('#EXTM3U')) return 'hls';
  if (/^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:[\w-]+:)?MPD[\s>]/.test(head)) return 'dash';
  const type = response.headers['content-type'] ?? '';
  if (HLS_TYPES.test(type)) return 'hls';
  if (DASH_TYPES.test(type)) return 'dash';
  let path = response.url;
  try {
    path = new URL(response.url).pathname;
  } catch {
    // Keep the text.
  }
  if (/\.m3u8?$/i.test(path)) return 'hls';
  if (/\.mpd$/i.test(path)) return 'dash';
  return undefined;
}

/**
 * Downloads the HLS or DASH stream at `options.url`, whichever its manifest is. Options and
 * result as downloadHls / downloadDash; `result.format` says which it was.
 */
export async function downloadStream(input: StreamDownloadOptions): Promise<StreamResult> {
  const options = resolveStreamOptions(input, 'downloadStream');
  const startedAt = Date.now();
  return withStreamFetcher(options, async (fetcher) => {
    const response = await fetcher.fetch({ url: options.url, ...(options.signal ? { signal: options.signal } : {}) });
    const format = detectFormat(response);
    const text = response.body.toString('utf8');
    if (format === 'hls') {
      return downloadPresentation(options, fetcher, await hlsPresentation(options, fetcher, { text, finalUrl: response.url }), startedAt);
    }
    if (format === 'dash') {
      const loadOptions = mpdLoadOptions(options);
      const mpd = parseWithWarnings(text, response.url, loadOptions);
      return downloadPresentation(options, fetcher, await dashPresentation(options, fetcher, mpd, loadOptions), startedAt);
    }
    const type = response.headers['content-type'] ?? 'no Content-Type';
    throw new InputError(response.url, type, 'neither an HLS playlist (#EXTM3U) nor a DASH MPD (<MPD>): nothing in its body, Content-Type or name says it is a stream manifest');
  });
}
