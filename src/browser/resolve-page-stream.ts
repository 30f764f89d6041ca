// From a page URL to a stream a downloader can fetch: sniff the page, choose one manifest (the
// best, the n-th, or the first whose URL matches), and hand back what the browser sent for it —
// Referer, User-Agent, cookies, the token already in the URL — so the manifest, its keys and
// its segments can be requested the same way outside the browser.
import { NoMediaError } from '../errors/no-media-error.js';
import { OptionError } from '../errors/option-error.js';
import type { MediaType } from './media-kind.js';
import { sniffPage } from './sniff.js';
import type { SniffOptions } from './sniff-options.js';
import type { BrowserCookie, SniffedMedia, SniffResult } from './sniff-types.js';

export interface PageStreamOptions extends Omit<SniffOptions, 'url' | 'until'> {
  /** Which media types qualify, best first when bandwidths tie. @default ['hls', 'dash'] */
  readonly types?: readonly MediaType[];
  /** Take the n-th qualifying stream (1-based, in the order the page requested them) instead of the best. @default undefined */
  readonly pick?: number;
  /** Only streams whose URL matches qualify. @default undefined */
  readonly match?: RegExp;
}

export interface PageStream {
  /** The manifest (or file) to download, token and all, exactly as the page requested it. */
  readonly manifestUrl: string;
  readonly type: MediaType;
  /**
   * Headers to send with the manifest, keys and segments: what the browser sent (Referer,
   * User-Agent, Origin, Authorization, custom ones), and a Cookie header with every browser
   * cookie for the manifest's host. Connection-level headers (Host, Range, Accept-Encoding…) are left out.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** Every cookie the browser held at the end, for callers that keep a cookie jar. */
  readonly cookies: readonly BrowserCookie[];
  /** The chosen request as sniffed. */
  readonly media: SniffedMedia;
  /** Every qualifying request, in the order seen (what `pick` counts). */
  readonly candidates: readonly SniffedMedia[];
  readonly sniff: SniffResult;
}

/** Headers that belong to one connection or one request, not to the session: never replayed. */
const NOT_REPLAYED = /^(?:host|connection|keep-alive|content-length|transfer-encoding|te|trailer|upgrade|range|if-.*|accept-encoding|cookie|proxy-.*|sec-fetch-.*|priority)$/;

/**
 * Opens `pageUrl` in headless Chromium and returns the stream it requests (see PageStream).
 * Throws NoMediaError when no request qualifies; OptionError for a bad `pick`.
 */
export async function resolvePageStream(pageUrl: string, options: PageStreamOptions = {}): Promise<PageStream> {
  const { types = ['hls', 'dash'], pick, match, ...sniffOptions } = options;
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 1)) throw new OptionError('pick', pick, 'must be a whole number from 1');
  const qualifies = (media: SniffedMedia): boolean => types.includes(media.type) && (match === undefined || match.test(media.url));
  let seen = 0;
  const sniff = await sniffPage({
    ...sniffOptions,
    url: pageUrl,
    until: (media) => qualifies(media) && ++seen >= (pick ?? 1),
  });
  const candidates = sniff.media.filter(qualifies);
  const chosen = pick !== undefined ? candidates[pick - 1] : bestOf(candidates, types);
  if (!chosen) throw new NoMediaError(pageUrl, sniff.ms / 1000, noneQualifies(sniff, candidates.length, types, pick, match));
  return {
    manifestUrl: chosen.url,
    type: chosen.type,
    headers: replayHeaders(chosen, sniff.cookies),
    cookies: sniff.cookies,
    media: chosen,
    candidates,
    sniff,
  };
}

/** The highest announced bandwidth; unannounced ones after, earlier types of `types` first, then page order. */
function bestOf(candidates: readonly SniffedMedia[], types: readonly MediaType[]): SniffedMedia | undefined {
  return [...candidates].sort((a, b) => (b.bandwidth ?? -1) - (a.bandwidth ?? -1) || types.indexOf(a.type) - types.indexOf(b.type))[0];
}

function noneQualifies(sniff: SniffResult, count: number, types: readonly MediaType[], pick: number | undefined, match: RegExp | undefined): string | undefined {
  const secs = (sniff.ms / 1000).toFixed(1);
  if (sniff.media.length === 0) return undefined;
  if (count > 0 && pick !== undefined) return `pick ${pick}: only ${count} ${types.join('/')} stream${count === 1 ? '' : 's'} seen in ${secs} s`;
  const kinds = [...new Set(sniff.media.map((media) => media.type))].join(', ');
  return `${sniff.media.length} media request${sniff.media.length === 1 ? '' : 's'} seen in ${secs} s (${kinds}), none ${types.join(' or ')}${match ? ` matching ${match}` : ''}`;
}

/** The headers to send again for `media`: what the browser sent, with the cookies for its host. */
export function replayHeaders(media: SniffedMedia, cookies: readonly BrowserCookie[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(media.headers)) if (!NOT_REPLAYED.test(name.toLowerCase())) headers[name.toLowerCase()] = value;
  const host = new URL(media.url).hostname;
  const jar = new Map<string, string>();
  for (const part of (media.headers.cookie ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq), part.slice(eq + 1));
  }
  // Cookies scoped to other paths of the host (a key server's) were not sent with the manifest but are needed.
  for (const cookie of cookies) if (domainMatches(host, cookie.domain) && !jar.has(cookie.name)) jar.set(cookie.name, cookie.value);
  if (jar.size > 0) headers.cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  return headers;
}

function domainMatches(host: string, domain: string): boolean {
  const bare = domain.replace(/^\./, '').toLowerCase();
  return host === bare || (domain.startsWith('.') && host.endsWith(`.${bare}`));
}
