export type { RequestSpec, CrawlRequest, LeasedRequest } from './request.js';
export type { HeaderMap, FetchRequest, FetchResult, StreamingResult } from './fetch.js';
export type { FrontierBackend, FrontierCounts, FailedRecord, CommitBatch } from './frontier.js';
export type { Item, Sink } from './sink.js';
export type { CrawlStats, CrawlEvent } from './events.js';
