// startDemoServer's options: defaults, and validation once at the boundary (zod), turned into
// OptionError messages that name the option and the value received.
import { z } from 'zod';
import { validateOptions } from '../config/validate.js';

export interface DemoServerOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to listen on. Only loopback is allowed: the demo is never exposed. @default '127.0.0.1' */
  readonly host?: string;
  /** Probability (0..1) that a request gets an injected fault. @default 0 */
  readonly faults?: number;
  /** Seed of the fault generator: the same seed gives the same faults for the same requests. @default 1 */
  readonly seed?: number;
  /** Milliseconds every answer waits, like a real site far away (`trawl demo` uses it). @default 0 */
  readonly latencyMs?: number;
}

export interface ResolvedDemoOptions {
  readonly port: number;
  readonly host: '127.0.0.1';
  readonly faults: number;
  readonly seed: number;
  readonly latencyMs: number;
}

const schema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.literal('127.0.0.1', { error: 'only 127.0.0.1 is allowed (the demo site listens on loopback only)' }).optional(),
  faults: z.number().min(0).max(1).optional(),
  seed: z.number().int().optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
});

export function resolveDemoOptions(options: unknown = {}): ResolvedDemoOptions {
  const data = validateOptions(schema, options, 'startDemoServer');
  return {
    port: data.port ?? 0,
    host: data.host ?? '127.0.0.1',
    faults: data.faults ?? 0,
    seed: data.seed ?? 1,
    latencyMs: data.latencyMs ?? 0,
  };
}
