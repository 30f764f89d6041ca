// Whether a URL given to a stream downloader is a web page (to open in the browser and sniff)
// rather than the playlist itself: decided by its name when it names a playlist, else by one
// request — an HTML answer is a page, a body starting #EXTM3U or <MPD is a manifest.
import { Fetcher } from '../http/fetcher.js';
import type { FetcherOptions } from '../http/options.js';
import { kindFromBody, kindFromUrl } from './media-kind.js';

/** Bodies larger than this are not pages worth sniffing (and are not read whole). */
const MAX_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * true when `url` answers with an HTML page; false for a manifest, or when the answer says
 * nothing clear (the downloader then reports what is wrong with it). Never throws.
 */
export async function answersWithPage(url: string, options: Pick<FetcherOptions, 'headers' | 'userAgent' | 'proxy' | 'headersTimeoutMs'> = {}): Promise<boolean> {
  const named = kindFromUrl(url);
  if (named === 'hls' || named === 'dash') return false;
  const fetcher = new Fetcher({ ...options, maxRetries: 1, maxBodyBytes: MAX_PAGE_BYTES, concurrency: 1, perHost: 1 });
  try {
    const response = await fetcher.fetch({ url });
    const head = response.body.subarray(0, 1024);
    if (kindFromBody(head) !== undefined) return false;
    const type = (response.headers['content-type'] ?? '').toLowerCase();
    return type.includes('html') || /^\s*</.test(head.toString('utf8'));
  } catch {
    return false;
  } finally {
    await fetcher.close().catch(() => undefined);
  }
}
