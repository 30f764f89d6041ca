// Turns what users give (a URL string or a RequestSpec) into a frontier-ready CrawlRequest:
// absolute http(s) URL, upper-case method, fingerprint as uniqueKey.
import type { CrawlRequest, RequestSpec } from '../types/request.js';
import { InvalidUrlError } from '../errors/invalid-url-error.js';
import { fingerprint, parseHttpUrl } from '../util/url.js';

export interface RequestDefaults {
  readonly depth: number;
  /** Base for relative URLs; without one, relative URLs are bad input. */
  readonly base?: string | URL;
  readonly label?: string;
  readonly userData?: Readonly<Record<string, unknown>>;
  readonly priority?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Where the request came from, for error messages (e.g. "start URL 3", "urls.txt:12"). */
  readonly place: string;
}

export function toCrawlRequest(input: string | RequestSpec, defaults: RequestDefaults): CrawlRequest {
  const spec: RequestSpec = typeof input === 'string' ? { url: input } : input;
  const parsed = absolute(spec.url, defaults);
  const url = parsed.href;
  const method = (spec.method ?? 'GET').toUpperCase();
  const headers = spec.headers ?? defaults.headers;
  const label = spec.label ?? defaults.label;
  const userData = spec.userData ?? defaults.userData;
  return {
    url,
    method,
    ...(headers ? { headers } : {}),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(userData ? { userData } : {}),
    priority: spec.priority ?? defaults.priority ?? 0,
    depth: defaults.depth,
    uniqueKey: spec.uniqueKey ?? fingerprint(method, parsed, spec.body),
    retries: 0,
  };
}

function absolute(url: string, defaults: RequestDefaults): URL {
  if (defaults.base === undefined) return parseHttpUrl(url, defaults.place);
  let resolved: URL;
  try {
    resolved = new URL(url.trim(), defaults.base);
  } catch (error) {
    throw new InvalidUrlError(url, defaults.place, 'cannot be resolved', { cause: error });
  }
  if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:') return parseHttpUrl(resolved.href, defaults.place);
  return resolved;
}
