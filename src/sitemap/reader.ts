// Reads sitemaps over HTTP as streams: a urlset, a sitemap index (followed breadth first, each
// sitemap once, at most `maxSitemaps` of them and `maxDepth` levels deep), a gzipped sitemap
// (recognised by its magic bytes, whatever the server's headers say), a plain-text sitemap, or a
// robots.txt whose `Sitemap:` lines are followed. Entries come out as the body arrives, so a
// 1,000,000-URL sitemap never sits in memory: the consumer pulls, and the body is read no faster.
//
// A sitemap that cannot be read, or is not a sitemap, is reported through `onError` (one
// SitemapError naming its URL) and skipped; the others are still read.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SitemapError } from '../errors/sitemap-error.js';
import { errorMessage } from '../errors/trawl-error.js';
import type { FetchRequest, StreamingResult } from '../types/fetch.js';
import { resolveHttpUrl } from '../util/url.js';
import { parseLastmod, SitemapParser } from './parse.js';

/** What the reader needs of a Fetcher. */
export interface SitemapFetcher {
  stream(request: FetchRequest): Promise<StreamingResult>;
}

/** A sitemap to read; entries found through it carry its label. */
export type SitemapSource = string | { readonly url: string; readonly label?: string };

export interface SitemapEntry {
  /** The page's absolute http(s) URL. */
  readonly url: string;
  /** Its <lastmod>, in ms since the epoch, when it had a valid one. */
  readonly lastmod: number | undefined;
  /** The sitemap that listed it. */
  readonly sitemap: string;
  /** The label of the source it was found through. */
  readonly label: string | undefined;
}

export interface SitemapReadOptions {
  /** Only pages whose <lastmod> is later than this (pages without one are left out). @default every page */
  readonly since?: Date;
  /** Sitemaps read at most, indexes included. @default 1000 */
  readonly maxSitemaps?: number;
  /** Levels of sitemap indexes (and robots.txt) followed below a source. @default 5 */
  readonly maxDepth?: number;
  /** A sitemap that was skipped or read only in part; the others are still read. @default ignored */
  readonly onError?: (error: SitemapError) => void;
  /** A sitemap was read to its end: how many page URLs it listed (before `since`). */
  readonly onSitemap?: (url: string, urls: number) => void;
}

interface Pending {
  readonly url: string;
  readonly depth: number;
  readonly label: string | undefined;
}

/** Every page URL the sources list, as the sitemaps stream in. */
export async function* readSitemaps(
  sources: readonly SitemapSource[],
  fetcher: SitemapFetcher,
  options: SitemapReadOptions = {},
): AsyncGenerator<SitemapEntry> {
  const maxSitemaps = options.maxSitemaps ?? 1000;
  const maxDepth = options.maxDepth ?? 5;
  const since = options.since?.getTime();
  const onError = options.onError ?? (() => undefined);
  const seen = new Set<string>();
  const queue: Pending[] = [];
  const enqueue = (url: string, depth: number, label: string | undefined): void => {
    if (seen.has(url)) return;
    seen.add(url);
    queue.push({ url, depth, label });
  };
  for (const source of sources) {
    const url = typeof source === 'string' ? source : source.url;
    enqueue(url, 0, typeof source === 'string' ? undefined : source.label);
  }
  let read = 0;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (read >= maxSitemaps) {
      onError(new SitemapError(next.url, `not read: already read ${maxSitemaps} sitemaps (the limit)`));
      continue;
    }
    read += 1;
    const pending = next;
    for await (const found of readOne(pending, fetcher, { onError, onSitemap: options.onSitemap })) {
      if ('child' in found) {
        if (pending.depth >= maxDepth) onError(new SitemapError(found.child, `not read: sitemaps nested more than ${maxDepth} deep`));
        else enqueue(found.child, pending.depth + 1, pending.label);
        continue;
      }
      if (since !== undefined && !(found.lastmod !== undefined && found.lastmod > since)) continue;
      yield found;
    }
  }
}

type Found = SitemapEntry | { readonly child: string };

interface Report {
  readonly onError: (error: SitemapError) => void;
  readonly onSitemap: ((url: string, urls: number) => void) | undefined;
}

/** One sitemap's entries and child sitemaps, as its body arrives. */
async function* readOne(pending: Pending, fetcher: SitemapFetcher, report: Report): AsyncGenerator<Found> {
  const onError = report.onError;
  let response: StreamingResult;
  try {
    response = await fetcher.stream({ url: pending.url });
  } catch (error) {
    onError(new SitemapError(pending.url, `cannot be read: ${errorMessage(error)}`, { cause: error }));
    return;
  }
  const base = response.url;
  const robots = /\/robots\.txt$/i.test(new URL(base).pathname);
  const parser = new SitemapParser(robots);
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  let urls = 0;
  let badLocs = 0;
  let firstBadLoc = '';
  const drain = function* (): Generator<Found> {
    for (const { loc, lastmod } of parser.urls) {
      const url = resolveHttpUrl(loc, base);
      if (url === null) {
        badLocs += 1;
        firstBadLoc ||= loc;
        continue;
      }
      urls += 1;
      yield { url, lastmod: lastmodOf(lastmod), sitemap: base, label: pending.label };
    }
    parser.urls = [];
    for (const { loc } of parser.sitemaps) {
      const child = resolveHttpUrl(loc, base);
      if (child === null) {
        badLocs += 1;
        firstBadLoc ||= loc;
      } else {
        yield { child };
      }
    }
    parser.sitemaps = [];
  };
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of decompressed(response.body)) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (parser.format === 'text' && type.startsWith('text/html')) parser.problem = 'an HTML page, not a sitemap';
      if (parser.problem !== undefined) break;
      yield* drain();
    }
    if (parser.problem === undefined) {
      parser.write(decoder.decode());
      parser.end();
      yield* drain();
    }
  } catch (error) {
    onError(new SitemapError(pending.url, `stopped after ${urls} URL(s): ${errorMessage(error)}`, { cause: error }));
    return;
  } finally {
    response.body.destroy();
  }
  if (parser.problem !== undefined) {
    onError(new SitemapError(pending.url, parser.problem));
    return;
  }
  if (parser.format === 'text' && urls === 0 && parser.badLines > 0) {
    onError(new SitemapError(pending.url, `not a sitemap: line ${parser.firstBadLine} is not a URL`));
    return;
  }
  if (badLocs > 0) onError(new SitemapError(pending.url, `${badLocs} <loc> value(s) skipped: not http(s) URLs (the first: ${JSON.stringify(firstBadLoc)})`));
  if (parser.format === undefined) onError(new SitemapError(pending.url, 'empty: no sitemap in it'));
  else report.onSitemap?.(pending.url, urls);
}

function lastmodOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const time = parseLastmod(text);
  return Number.isNaN(time) ? undefined : time;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The body's bytes, gunzipped when they start with gzip's magic bytes: `.xml.gz` files are often
 * served as application/octet-stream without Content-Encoding (which the fetcher would undo).
 */
async function* decompressed(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  let head: Uint8Array = new Uint8Array(0);
  while (head.length < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (head.length > 0) yield head;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  if (!gzipped) {
    yield* rest();
    return;
  }
  const gunzip = createGunzip();
  const done = pipeline(Readable.from(rest()), gunzip);
  // The pipeline's own rejection is seen through the gunzip stream's iterator.
  done.catch(() => undefined);
  yield* gunzip;
}
