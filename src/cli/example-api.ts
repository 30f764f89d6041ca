// What the compiled example spiders that open a browser (examples/player.ts) get as 'trawl':
// defineSpider and resolvePageStream only, so each compiled example stays small and needs no
// TypeScript loader (scripts/build.mjs aliases 'trawl' to this module for them).
export { defineSpider } from '../engine/spider.js';
export { resolvePageStream } from '../browser/resolve-page-stream.js';
