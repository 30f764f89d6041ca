// A render as the FetchResult the crawl's handlers and parse workers already take, so `$`,
// xpath() and --extract run on the rendered DOM unchanged.
import type { FetchResult } from '../types/fetch.js';
import type { RenderedPage } from './render-options.js';

/**
 * The rendered DOM as a fetched page: body and text are the serialised DOM in UTF-8, and the
 * Content-Type says so (the page's own charset no longer describes these bytes); status and the
 * other headers are the main document's; `redirects` runs from the requested URL to where the
 * page landed.
 */
export function renderedFetchResult(requestedUrl: string, rendered: Pick<RenderedPage, 'url' | 'status' | 'headers' | 'html'>): FetchResult {
  const type = (rendered.headers['content-type'] ?? 'text/html').split(';')[0]!.trim() || 'text/html';
  const body = Buffer.from(rendered.html, 'utf8');
  // The bytes are no longer what the server sent: its encodings and length do not apply.
  const { 'content-encoding': _encoding, 'transfer-encoding': _transfer, ...headers } = rendered.headers;
  return {
    url: rendered.url,
    redirects: requestedUrl === rendered.url ? [rendered.url] : [requestedUrl, rendered.url],
    status: rendered.status,
    headers: { ...headers, 'content-type': `${type}; charset=utf-8`, 'content-length': String(body.length) },
    body,
    charset: 'utf-8',
    text: rendered.html,
    attempts: 1,
  };
}
