// Process-level memory tuning for `trawl hls`, which streams tens of megabytes a second through
// short-lived buffers. Two knobs, both about RSS, neither about correctness:
//  - undici parses HTTP with llhttp compiled to WebAssembly; V8's optimising tier-up of that
//    module costs ~30 MB of RSS at the first request for no measurable gain on this workload,
//    so WebAssembly stays on the baseline compiler (Liftoff). Must run before the first request.
//  - socket chunks and node:crypto outputs die young, but V8 only scavenges when the JS heap
//    fills, and their off-heap bytes pile up meanwhile (~30 MB). A minor GC every few megabytes
//    received keeps that flat. The gc function comes from a fresh context created after
//    --expose-gc is set; if that ever fails, downloads just use more memory.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HlsEvent } from '../hls/index.js';

const GC_EVERY_BYTES = 4 * 1024 * 1024;

type GcFunction = (options?: { type?: 'minor' | 'major' }) => void;

export function tuneForStreaming(): (event: HlsEvent) => void {
  setFlagsFromString('--liftoff-only');
  let gc: GcFunction | undefined;
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
    gc = typeof found === 'function' ? (found as GcFunction) : undefined;
  } catch {
    gc = undefined;
  }
  let last = 0;
  return (event) => {
    if (!gc || event.type !== 'progress') return;
    const fetched = event.progress.bytesFetched;
    if (fetched < last) last = 0; // a new track starts counting again
    if (fetched - last < GC_EVERY_BYTES) return;
    last = fetched;
    gc({ type: 'minor' });
  };
}
