// Sitemaps as start URLs: the streaming reader and the frontier feeding.
export { readSitemaps, type SitemapEntry, type SitemapFetcher, type SitemapReadOptions, type SitemapSource } from './reader.js';
export { addSitemapStarts, type RequestTarget, type SitemapStartOptions, type SitemapStartSummary } from './starts.js';
export { SitemapParser, parseLastmod, type SitemapFormat, type SitemapLoc } from './parse.js';
