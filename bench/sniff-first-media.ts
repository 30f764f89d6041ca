// How soon `sniff` reports the first media request of the demo's script-built player: the page's
// script computes a code and requests the manifest; atMs counts from the start of loading the
// page to the moment the request is reported (its response, body head and headers read). Also
// prints the browser's start-up and the whole sniff. Target (issue 8): first media within 2 s.
// Run: npx tsx bench/sniff-first-media.ts [runs=5]
import { sniffPage } from '../src/browser/sniff.js';
import type { SniffEvent } from '../src/browser/sniff-types.js';
import { startDemoServer, vodPlayerPath } from '../src/demo/index.js';
import { TypedEmitter } from '../src/util/emitter.js';

const runs = Number(process.argv[2] ?? 5);
const demo = await startDemoServer({ port: 0 });
const rows: { first: number; loaded: number; total: number }[] = [];
for (let run = 0; run < runs; run++) {
  const events = new TypedEmitter<SniffEvent>();
  let loaded = 0;
  events.on((event) => {
    if (event.type === 'loaded') loaded = event.ms;
  });
  const started = performance.now();
  const result = await sniffPage({ url: `${demo.url}${vodPlayerPath('AbR4hL2x')}`, events });
  const total = performance.now() - started;
  const first = Math.min(...result.media.map((media) => media.atMs));
  rows.push({ first, loaded, total });
  console.log(`run ${run + 1}: first media ${first} ms after loading began (load event at ${loaded} ms); ${result.media.length} media; sniff with browser start and close: ${(total / 1000).toFixed(2)} s`);
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`median first media: ${median(rows.map((row) => row.first))} ms (max ${Math.max(...rows.map((row) => row.first))} ms); median whole sniff ${(median(rows.map((row) => row.total)) / 1000).toFixed(2)} s`);
await demo.close();
