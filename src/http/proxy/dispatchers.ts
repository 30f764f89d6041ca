// The undici dispatchers a Fetcher sends through: the direct agent (with the private-network
// guard in its connector when asked), one dispatcher per configured proxy, and the agent for
// proxies named by HTTP_PROXY / HTTPS_PROXY / NO_PROXY. undici's proxy agents need its whole
// API, so they are loaded (from node_modules, outside the CLI bundle) only when a proxy is used.
//
// Failures are labelled where they happen: the connector that opens a connection to a proxy
// turns its errors into ProxyError (so "the proxy is down" is never mistaken for "the site is
// down"), and a CONNECT answered with something other than 200 becomes a ProxyError for 407 and
// refusals, or a network error about the target for 5xx (the proxy could not reach it).
import type { buildConnector as BuildConnector, Dispatcher, EnvHttpProxyAgent, Pool as PoolType, ProxyAgent } from 'undici';
import Agent from 'undici/lib/dispatcher/agent.js';
import buildConnector from 'undici/lib/core/connect.js';
import { OptionError } from '../../errors/option-error.js';
import { ProxyError } from '../../errors/proxy-error.js';
import { lazyRequire } from '../../util/lazy-require.js';
import { guardConnector, publicOnlyLookup } from '../private-network.js';
import { socksConnector } from './socks-connector.js';
import { maskProxy, parseProxyUrl, type ProxyUrl } from './proxy-url.js';

export interface DispatcherSettings {
  /** Connections per origin. */
  readonly connections: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** false: refuse connections into non-public address ranges. */
  readonly privateNetworks: boolean;
}

// From undici's index, not the files themselves: the index is what attaches connect() and the
// other API methods to every dispatcher, and the tunnel calls connect() on its proxy client.
const loadUndici = lazyRequire<{
  ProxyAgent: typeof ProxyAgent;
  EnvHttpProxyAgent: typeof EnvHttpProxyAgent;
  Pool: typeof PoolType;
  Client: new (origin: string | URL, options: object) => Dispatcher;
}>('undici');
const loadProxyAgent = (): typeof ProxyAgent => loadUndici().ProxyAgent;
const loadEnvAgent = (): typeof EnvHttpProxyAgent => loadUndici().EnvHttpProxyAgent;
const loadPool = (): typeof PoolType => loadUndici().Pool;
const loadClient = (): new (origin: string | URL, options: object) => Dispatcher => loadUndici().Client;

function poolOptions(settings: DispatcherSettings): Record<string, unknown> {
  return {
    connections: settings.connections,
    pipelining: 1,
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyTimeoutMs,
  };
}

/** The connector for direct connections: undici's own, with the private-network guard if asked. */
function directConnect(settings: DispatcherSettings): BuildConnector.BuildOptions | BuildConnector.connector {
  if (settings.privateNetworks) return { timeout: settings.connectTimeoutMs };
  return guardConnector(buildConnector({ timeout: settings.connectTimeoutMs, lookup: publicOnlyLookup }));
}

/** The dispatcher for requests that go straight to the site. */
export function directAgent(settings: DispatcherSettings): Dispatcher {
  return new Agent({ ...poolOptions(settings), connect: directConnect(settings) });
}

/** The dispatcher for one proxy: SOCKS through our connector, HTTP(S) through undici's ProxyAgent. */
export function proxyDispatcher(proxy: ProxyUrl, settings: DispatcherSettings): Dispatcher {
  if (proxy.kind !== 'http' && proxy.kind !== 'https') {
    const connect = socksConnector(proxy, { timeoutMs: settings.connectTimeoutMs, privateNetworks: settings.privateNetworks });
    return new Agent({ ...poolOptions(settings), connect });
  }
  const tls = { timeout: settings.connectTimeoutMs };
  const ProxyAgentClass = loadProxyAgent();
  return new ProxyAgentClass({
    uri: proxy.href,
    ...poolOptions(settings),
    proxyTls: tls,
    requestTls: tls,
    // http targets are sent to the proxy in absolute form (every forward proxy accepts that,
    // while many allow CONNECT to port 443 only); https targets go through a CONNECT tunnel.
    proxyTunnel: false,
    ...labellingFactories(new Map([[proxy.href, proxy]])),
  } as ProxyAgent.Options);
}

export interface EnvProxies {
  readonly http: ProxyUrl | undefined;
  readonly https: ProxyUrl | undefined;
  readonly noProxy: string;
}

/**
 * The proxies the environment names, read as undici's EnvHttpProxyAgent reads them (lower case
 * first; HTTPS_PROXY falls back to HTTP_PROXY), or undefined when it names none. Only http(s)
 * proxies are accepted there; a bad value throws OptionError naming the variable.
 */
export function envProxies(env: NodeJS.ProcessEnv = process.env): EnvProxies | undefined {
  const pick = (lower: string, upper: string): { name: string; value: string } | undefined => {
    const value = env[lower] ?? env[upper];
    return value ? { name: env[lower] !== undefined ? lower : upper, value } : undefined;
  };
  const http = pick('http_proxy', 'HTTP_PROXY');
  const https = pick('https_proxy', 'HTTPS_PROXY');
  if (!http && !https) return undefined;
  const parse = (entry: { name: string; value: string } | undefined): ProxyUrl | undefined => {
    if (!entry) return undefined;
    const parsed = parseProxyUrl(entry.value);
    if (typeof parsed === 'string') throw new OptionError(entry.name, maskedValue(entry.value), parsed);
    if (parsed.kind !== 'http' && parsed.kind !== 'https') {
      throw new OptionError(entry.name, maskedValue(entry.value), 'only http:// and https:// proxies are read from the environment (give SOCKS proxies with --proxy)');
    }
    return parsed;
  };
  const httpProxy = parse(http);
  return { http: httpProxy, https: parse(https) ?? httpProxy, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

function maskedValue(value: string): string {
  return maskProxy(value.trim());
}

/** undici's EnvHttpProxyAgent for the proxies of `env`, NO_PROXY included. */
export function envDispatcher(env: EnvProxies, settings: DispatcherSettings): Dispatcher {
  const tls = { timeout: settings.connectTimeoutMs };
  const known = new Map<string, ProxyUrl>();
  for (const proxy of [env.http, env.https]) if (proxy) known.set(proxy.href, proxy);
  const EnvAgent = loadEnvAgent();
  return new EnvAgent({
    ...poolOptions(settings),
    ...(env.http ? { httpProxy: env.http.href } : {}),
    ...(env.https ? { httpsProxy: env.https.href } : {}),
    noProxy: env.noProxy,
    proxyTls: tls,
    requestTls: tls,
    proxyTunnel: false,
    // Used by the agent for NO_PROXY hosts (direct connections).
    connect: directConnect(settings),
    ...labellingFactories(known),
  } as EnvHttpProxyAgent.Options);
}

/**
 * ProxyAgent's two factories, so that every connection it opens to a proxy goes through a
 * connector that labels failures with that proxy: `clientFactory` makes the client that sends
 * CONNECT, `factory` both the client of a non-tunnelled proxy (its origin is the proxy's URL)
 * and the per-target pools whose connector is the tunnel.
 */
function labellingFactories(proxies: ReadonlyMap<string, ProxyUrl>): Record<string, unknown> {
  const Pool = loadPool();
  const Client = loadClient();
  const proxyFor = (origin: string | URL): ProxyUrl | undefined => proxies.get(new URL(String(origin)).href);
  return {
    clientFactory: (origin: URL, options: { connect: BuildConnector.connector }) => {
      const proxy = proxyFor(origin);
      return new Pool(origin, { ...options, connect: proxy ? labelConnect(options.connect, proxy) : options.connect });
    },
    factory: (origin: string | URL, options: { connect?: BuildConnector.connector | object; connections?: number }) => {
      const proxy = proxyFor(origin);
      const connect = typeof options.connect === 'function' ? (options.connect as BuildConnector.connector) : undefined;
      if (proxy && connect) return new Pool(origin, { ...options, connect: labelConnect(connect, proxy) });
      const tunnel = connect ? { ...options, connect: labelTunnel(connect, proxies) } : options;
      return options.connections === 1 ? new Client(origin, tunnel) : new Pool(origin, tunnel);
    },
  };
}

function labelConnect(connect: BuildConnector.connector, proxy: ProxyUrl): BuildConnector.connector {
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code ?? error.message;
        callback(new ProxyError(proxy.label, 'connect', `cannot connect (${code})`, undefined, { cause: error }), null);
      } else {
        callback(null, socket!);
      }
    });
}

// undici's tunnel reports a CONNECT answered with something other than 200 only in a message.
const CONNECT_STATUS = /Proxy response \((\d+)\) !== 200/;

function labelTunnel(connect: BuildConnector.connector, proxies: ReadonlyMap<string, ProxyUrl>): BuildConnector.connector {
  // A tunnel pool serves one target origin through one proxy; with the env agent that may be
  // either proxy, and the message does not say which: name the only one, or both.
  const label = [...new Set([...proxies.values()].map((proxy) => proxy.label))].join(' or ');
  return (options, callback) =>
    connect(options, (error, socket) => {
      const status = error ? CONNECT_STATUS.exec(error.message)?.[1] : undefined;
      if (!error || status === undefined) {
        callback(error as Error, socket as never);
        return;
      }
      const target = `${options.hostname}:${options.port || (options.protocol === 'https:' ? 443 : 80)}`;
      let failure: Error;
      if (status === '407') failure = new ProxyError(label, 'auth', 'proxy authentication required (407)', undefined, { cause: error });
      else if (status === '403' || status === '429') failure = new ProxyError(label, 'refused', `refused CONNECT to ${target} (${status})`, undefined, { cause: error });
      else failure = Object.assign(new Error(`proxy ${label} answered ${status} to CONNECT ${target}`), { code: `EPROXY${status}`, cause: error });
      callback(failure, null);
    });
}
