// trawl's public API, exported explicitly.
export * from './errors/index.js';
export type * from './types/index.js';
