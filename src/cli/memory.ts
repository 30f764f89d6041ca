// Process-level memory tuning for the commands that move many megabytes a second through
// short-lived buffers (crawl, run, hls, get). Two knobs, both about RSS, neither about correctness:
//  - undici parses HTTP with llhttp compiled to WebAssembly; V8's optimising tier-up of that
//    module costs ~30 MB of RSS at the first request for no measurable gain on this workload,
//    so WebAssembly stays on the baseline compiler (Liftoff). Must run before the first request.
//  - socket chunks and node:crypto outputs die young, but V8 only scavenges when the JS heap
//    fills, and their off-heap bytes pile up meanwhile (~30 MB). A minor GC every few megabytes
//    received keeps that flat. The gc function comes from a fresh context created after
//    --expose-gc is set; if that ever fails, downloads just use more memory.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HlsEvent } from '../hls/index.js';

const GC_EVERY_BYTES = 4 * 1024 * 1024;

type GcFunction = (options?: { type?: 'minor' | 'major' }) => void;

let gc: GcFunction | undefined;
let tuned = false;

/** Sets the process-wide knobs once; call before the first request. */
export function tuneMemory(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--liftoff-only');
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    gc = typeof found === 'function' ? (found as GcFunction) : undefined;
  } catch {
    gc = undefined;
  }
}

/**
 * Counts bytes received and runs a GC every few megabytes (`total` only grows). `major` also
 * collects what outlived a scavenge: with the small young generation crawls run with (set in
 * bin/trawl.cjs, before anything loads), a crawl's socket buffers and request objects often do,
 * and their off-heap bytes would otherwise wait for V8's own, much later, full collection.
 */
export function byteCounterGc(type: 'minor' | 'major' = 'minor', every = GC_EVERY_BYTES): (total: number) => void {
  tuneMemory();
  let last = 0;
  return (total) => {
    if (total < last) last = 0; // a new count started
    if (!gc || total - last < every) return;
    last = total;
    // gc() alone is a full collection; Node 20's V8 reads {type:'major'} as a scavenge.
    if (type === 'major') gc();
    else gc({ type: 'minor' });
  };
}

/**
 * Stops V8's young generation from growing once it reaches `maxBytes` (16 MB semi-spaces, 48 MB
 * in all, is V8's own ceiling). A crawl allocates fast but keeps little, so a mid-sized young
 * generation keeps most garbage out of the old one without holding 34 MB itself. V8 has no
 * runtime setting for the size, but its growth factor can be set to 1 at any time; and every
 * new isolate (a worker thread) resets that factor, so this is meant to be called often.
 */
export function capYoungGeneration(maxBytes: number): void {
  const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
  if (!young) return;
  setFlagsFromString(young.space_size >= maxBytes ? '--semi-space-growth-factor=1' : '--semi-space-growth-factor=2');
}

/** For `downloadHls` events: a minor GC every few megabytes fetched. */
export function tuneForStreaming(): (event: HlsEvent) => void {
  const tick = byteCounterGc();
  return (event) => {
    if (event.type === 'progress') tick(event.progress.bytesFetched);
  };
}
