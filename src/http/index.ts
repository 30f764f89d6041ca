// The public parts of the HTTP layer.
export { Fetcher, type FetchInit } from './fetcher.js';
export type { FetcherOptions, ResolvedFetcherOptions, CacheOptions } from './options.js';
export { HostSlots, type HostSlotsOptions, type Permit } from './host-slots.js';
export type { FetchEvent, ProxyStats } from './events.js';
export type { CacheMode } from './cache/http-cache.js';
export type { ProxyRotation } from './proxy/proxy-pool.js';
