// The bundled demo site: a local server reproducing the sites of the classic crawling lessons,
// used by `trawl serve-demo`, `trawl demo`, the examples and the tests; and the truth (data.ts)
// that their outputs are checked against.
export { startDemoServer, type DemoServer, type DemoServerStats } from './server.js';
export type { DemoServerOptions } from './options.js';
export { FAULT_KINDS, type FaultKind } from './faults.js';
export * from './data.js';
