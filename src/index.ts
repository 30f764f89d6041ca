// trawl's public API, exported explicitly.
export * from './errors/index.js';
export type * from './types/index.js';

// Crawling
export { Crawler, type CrawlerOptions, type CrawlSummary } from './engine/crawler.js';
export { Router } from './engine/router.js';
export { defineSpider, type SpiderDefinition, type SpiderSettings, type SpiderStartContext } from './engine/spider.js';
export { compileRules, type CrawlRules, type CompiledRules } from './engine/rules.js';
export { compileHostRules, hostRedirectGuard, type HostRules, type HostPatterns } from './engine/host-rules.js';
export type {
  CrawlContext,
  Handler,
  EnqueueOptions,
  EnqueueLinksOptions,
  DownloadOptions,
  SavedFile,
} from './engine/handler.js';

// Fetching
export { Fetcher, HostSlots, type FetcherOptions, type Permit, type FetchEvent } from './http/index.js';
export type { CacheOptions, CacheMode, ProxyStats, ProxyRotation } from './http/index.js';

// Frontier
export {
  createMemoryFrontier,
  openSqliteFrontier,
  openRedisFrontier,
  openFrontier,
  lockJob,
  type SqliteFrontierOptions,
  type RedisFrontierOptions,
  type OpenFrontierOptions,
} from './frontier/index.js';

// Parsing
export { parseHtml, HtmlDocument, compileSelector, parseJson, type Selector, type XPathValue } from './parse/index.js';

// Sitemaps
export {
  readSitemaps,
  addSitemapStarts,
  type SitemapEntry,
  type SitemapSource,
  type SitemapReadOptions,
  type SitemapStartOptions,
  type SitemapStartSummary,
} from './sitemap/index.js';

// Outputs and files
export { createSink, JsonlSink, CsvSink, JsonSink, FileStore, sanitizeFilename, filenameFromResponse, type SinkOptions } from './sinks/index.js';

// HLS
export * from './hls/index.js';

// DASH, and streams of either kind (trawl stream)
export * from './dash/index.js';
export { downloadStream, detectFormat, type StreamFormat } from './media/download-stream.js';
export type { StreamDownloadOptions } from './stream/options.js';
export type { StreamEvent, StreamProgress, StreamResult } from './stream/types.js';

// File downloads (trawl get)
export * from './media/get/index.js';

// Browser: sniff a page's media requests, resolve a page to its stream, render pages in a pool
export * from './browser/index.js';

// Demo site
export { startDemoServer, type DemoServer, type DemoServerOptions } from './demo/index.js';

// Utilities
export { normalizeUrl, fingerprint } from './util/url.js';
