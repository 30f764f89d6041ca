// Which way a Fetcher's requests go out: straight to the site, through the proxies it was given
// (a ProxyPool behind the proxy layer), or through the proxies the environment names
// (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, read only when no proxy option is given). The direct
// route keeps undici's bare Agent and adds no layer, so a crawl without proxies pays nothing.
import type { Dispatcher } from 'undici';
import type { Send } from '../exchange.js';
import { directAgent, envDispatcher, envProxies, proxyDispatcher, type DispatcherSettings } from './dispatchers.js';
import { proxyLayer } from './proxy-layer.js';
import { ProxyPool, type PoolEvent, type ProxyRotation, type ProxyStats } from './proxy-pool.js';
import type { ProxyUrl } from './proxy-url.js';

/** A failing proxy's first bench is doubled for each further failure in a row, up to this. */
const MAX_BENCH_MS = 10 * 60 * 1000;

export interface RouteOptions extends DispatcherSettings {
  /** The proxies to use; undefined: the environment's; false: none. */
  readonly proxy: readonly ProxyUrl[] | false | undefined;
  readonly proxyRotation: ProxyRotation;
  readonly proxyBenchMs: number;
  readonly proxyWaitMs: number;
}

export interface Routes {
  /** The dispatcher the transport uses when the proxy layer has not chosen one. */
  readonly dispatcher: Dispatcher;
  /** Adds the proxy layer above `transport` when there are proxies. */
  wrap(transport: Send): Send;
  stats(): ProxyStats[];
  close(): Promise<void>;
}

export function createRoutes(options: RouteOptions, onEvent: (event: PoolEvent) => void): Routes {
  const pool = proxyPool(options, onEvent);
  if (!pool) {
    const dispatcher = directAgent(options);
    return { dispatcher, wrap: (transport) => transport, stats: () => [], close: () => dispatcher.close() };
  }
  return {
    // Every exchange gets its proxy's dispatcher from the layer; this one only fills the type.
    dispatcher: pool.members[0]!.dispatcher,
    wrap: (transport) => proxyLayer(pool, { privateNetworks: options.privateNetworks }, transport),
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}

function proxyPool(options: RouteOptions, onEvent: (event: PoolEvent) => void): ProxyPool | undefined {
  const settings = {
    rotation: options.proxyRotation,
    benchMs: options.proxyBenchMs,
    maxBenchMs: Math.max(MAX_BENCH_MS, options.proxyBenchMs),
    waitMs: options.proxyWaitMs,
  };
  if (options.proxy === false) return undefined;
  if (options.proxy !== undefined) {
    const specs = options.proxy.map((proxy) => ({
      label: proxy.label,
      proxyResolves: proxy.proxyResolves,
      benchable: true,
      create: () => proxyDispatcher(proxy, options),
    }));
    return new ProxyPool(specs, settings, onEvent);
  }
  const env = envProxies();
  if (!env) return undefined;
  // One route that undici's EnvHttpProxyAgent splits by scheme and NO_PROXY: never benched
  // (there is no other way out), but its failures are still named and counted.
  const labels = [...new Set([env.http, env.https].filter((proxy) => proxy !== undefined).map((proxy) => proxy.label))];
  const spec = { label: labels.join(' or '), proxyResolves: true, benchable: false, create: () => envDispatcher(env, options) };
  return new ProxyPool([spec], settings, onEvent);
}
