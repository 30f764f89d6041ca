// What sniffPage reports: each media request the page made, with the headers it was sent with
// (so a downloader can replay them), and how the watch ended. Types only.
import type { ManifestInfo } from './manifest-info.js';
import type { MediaType } from './media-kind.js';

export interface SniffedMedia {
  readonly url: string;
  readonly type: MediaType;
  readonly method: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** The request headers as the browser sent them (lower-case names: referer, cookie, user-agent…). */
  readonly headers: Readonly<Record<string, string>>;
  /** Playwright's resource type: xhr, fetch, media, document, other… */
  readonly resourceType: string;
  /** Milliseconds from the start of loading the page to this request being reported (response, body head and headers read). */
  readonly atMs: number;
  /** HLS and DASH: what the manifest offers (variants, or a media playlist's length). */
  readonly manifest?: ManifestInfo;
  /** The highest bandwidth the manifest announces, bit/s. */
  readonly bandwidth?: number;
}

/** A cookie of the browser at the end of the watch (Playwright's shape). */
export interface BrowserCookie {
  readonly name: string;
  readonly value: string;
  readonly domain: string;
  readonly path: string;
  /** Unix seconds; -1 for a session cookie. */
  readonly expires: number;
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: 'Strict' | 'Lax' | 'None';
}

/** Why watching ended. */
export type SniffEnd = 'quiet' | 'wait' | 'found';

export type SniffNoteKind = 'busy' | 'load' | 'navigated' | 'popup' | 'click' | 'scroll' | 'dialog';

export type SniffEvent =
  | { readonly type: 'media'; readonly media: SniffedMedia }
  | { readonly type: 'loaded'; readonly url: string; readonly ms: number }
  | { readonly type: 'note'; readonly kind: SniffNoteKind; readonly message: string };

export interface SniffResult {
  /** The page asked for. */
  readonly url: string;
  /** The page's address when watching ended (after redirects and navigations). */
  readonly finalUrl: string;
  /** Media requests in the order their responses came, one per URL. */
  readonly media: readonly SniffedMedia[];
  /** Segment requests seen (MPEG-TS, fMP4 fragments): counted, not listed. */
  readonly segments: number;
  readonly end: SniffEnd;
  /** Milliseconds watched, from the start of loading. */
  readonly ms: number;
  /** The notes also sent as events, in order. */
  readonly notes: readonly string[];
  /** The browser's cookies at the end (every domain). */
  readonly cookies: readonly BrowserCookie[];
  /** The User-Agent the browser sent. */
  readonly userAgent: string;
}
