// URL checks, normalisation and request fingerprints. Two requests for the same resource must
// get the same fingerprint however their URLs are spelled (fragment, query order, default
// port, host case), because the frontier deduplicates on it.
import { createHash } from 'node:crypto';
import { InvalidUrlError } from '../errors/invalid-url-error.js';

/** Parses an absolute http(s) URL or throws InvalidUrlError naming the input and `place`. */
export function parseHttpUrl(input: string, place: string): URL {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (error) {
    throw new InvalidUrlError(input, place, 'not an absolute URL', { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidUrlError(input, place, `scheme ${url.protocol.slice(0, -1)} is not http or https`);
  }
  if (!url.hostname) throw new InvalidUrlError(input, place, 'no host');
  return url;
}

/** True for an absolute http(s) URL. */
export function isHttpUrl(input: string): boolean {
  return input.startsWith('http://') || input.startsWith('https://');
}

/**
 * Resolves `href` against `base`; returns null for anything that is not http(s) once resolved
 * (mailto:, javascript:, data:, a broken href). The fragment is dropped.
 */
export function resolveHttpUrl(href: string, base: string | URL): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  return url.href;
}

/**
 * The canonical spelling used for fingerprints: lower-case scheme and host, no default port,
 * no fragment, query parameters sorted by name (stable for repeated names), an empty query
 * removed. The path is kept as given (a trailing slash can matter to the server).
 */
export function normalizeUrl(input: string | URL): string {
  // Most URLs a crawl meets have neither query nor fragment: their href is already canonical.
  if (typeof input !== 'string' && input.search === '' && input.hash === '') return input.href;
  const url = typeof input === 'string' ? new URL(input) : new URL(input.href);
  url.hash = '';
  if (url.search.length > 1) {
    url.searchParams.sort();
  } else {
    url.search = '';
  }
  return url.href;
}

/** The request fingerprint: sha1 of method, normalised URL and body, 32 hex chars (128 bits). */
export function fingerprint(method: string, url: string | URL, body?: string): string {
  const hash = createHash('sha1');
  hash.update(`${method.toUpperCase()}\n${normalizeUrl(url)}`);
  if (body !== undefined && body !== '') {
    hash.update('\n');
    hash.update(body);
  }
  return hash.digest('hex').slice(0, 32);
}
