// The public parts of the HTTP layer.
export { Fetcher } from './fetcher.js';
export type { FetcherOptions, ResolvedFetcherOptions, CacheOptions } from './options.js';
export { HostSlots, type HostSlotsOptions } from './host-slots.js';
export { SharedHostSlots, type SharedSlotsOptions } from './shared-slots.js';
export type { Permit, Slots } from './slots.js';
export type { FetchEvent, ProxyStats } from './events.js';
export type { CacheMode } from './cache/http-cache.js';
export type { ProxyRotation } from './proxy/proxy-pool.js';
