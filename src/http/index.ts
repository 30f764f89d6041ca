// The public parts of the HTTP layer.
export { Fetcher, type FetchInit } from './fetcher.js';
export type { FetcherOptions, ResolvedFetcherOptions } from './options.js';
export { HostSlots, type HostSlotsOptions, type Permit } from './host-slots.js';
export type { FetchEvent } from './events.js';
