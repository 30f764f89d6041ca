// Sitemap entries into a crawl's frontier as start requests (depth 0), in batches as the
// sitemaps stream in: a million-URL sitemap goes into a SQLite frontier with flat memory.
import { compileHostRules, type HostRules } from '../engine/host-rules.js';
import { toCrawlRequest } from '../engine/requests.js';
import type { CrawlRequest } from '../types/request.js';
import { readSitemaps, type SitemapFetcher, type SitemapReadOptions, type SitemapSource } from './reader.js';

/** Where the requests go: a FrontierBackend (e.g. `crawler.frontier`). */
export interface RequestTarget {
  add(requests: readonly CrawlRequest[]): Promise<number>;
}

export interface SitemapStartOptions extends SitemapReadOptions {
  /** Only pages on hosts these rules allow. @default every host */
  readonly hosts?: HostRules;
  /** Requests added to the frontier in one call. @default 1000 */
  readonly batchSize?: number;
}

export interface SitemapStartSummary {
  /** Sitemaps read to their end. */
  readonly sitemaps: number;
  /** Page URLs listed (after `since`). */
  readonly urls: number;
  /** Of those, new to the frontier. */
  readonly added: number;
  /** Of those, on hosts the host rules refuse. */
  readonly refused: number;
}

/** Reads the sitemaps and adds every page they list to `target` as a start request. */
export async function addSitemapStarts(
  target: RequestTarget,
  sources: readonly SitemapSource[],
  fetcher: SitemapFetcher,
  options: SitemapStartOptions = {},
): Promise<SitemapStartSummary> {
  const hosts = options.hosts ?? compileHostRules({ allow: [], deny: [] });
  const batchSize = options.batchSize ?? 1000;
  let sitemaps = 0;
  let urls = 0;
  let added = 0;
  let refused = 0;
  let batch: CrawlRequest[] = [];
  const reading: SitemapReadOptions = {
    ...options,
    onSitemap: (url, count) => {
      sitemaps += 1;
      options.onSitemap?.(url, count);
    },
  };
  for await (const entry of readSitemaps(sources, fetcher, reading)) {
    urls += 1;
    if (!hosts.empty && !hosts.allows(entry.url)) {
      refused += 1;
      continue;
    }
    batch.push(toCrawlRequest(entry.label === undefined ? entry.url : { url: entry.url, label: entry.label }, { depth: 0, place: `sitemap ${entry.sitemap}` }));
    if (batch.length >= batchSize) {
      added += await target.add(batch);
      batch = [];
    }
  }
  if (batch.length > 0) added += await target.add(batch);
  return { sitemaps, urls, added, refused };
}
