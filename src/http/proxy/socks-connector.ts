// SOCKS proxies as an undici connector: undici asks for a socket to host:port, this opens a TCP
// connection to the proxy, negotiates SOCKS 4/4a/5/5h on it with the `socks` package (loaded on
// first use), and hands back the tunnel — upgraded to TLS for https targets by undici's own
// connector, so certificates are checked exactly as on a direct connection.
//
// The TCP connection to the proxy is made here rather than by `socks` so that a proxy that cannot
// be reached (ProxyError 'connect') is told apart from a proxy that cannot reach the target (a
// network error about the target). socks4 and socks5 resolve the target's name here (with the
// private-network filter when it is on); socks4a and socks5h let the proxy resolve it.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import type { buildConnector as BuildConnector } from 'undici';
import buildConnector from 'undici/lib/core/connect.js';
import { ProxyError } from '../../errors/proxy-error.js';
import { lazyRequire } from '../../util/lazy-require.js';
import { checkLiteral, publicOnlyLookup } from '../private-network.js';
import type { ProxyUrl } from './proxy-url.js';

const loadSocks = lazyRequire<typeof import('socks')>('socks');

export interface SocksConnectorOptions {
  /** Time allowed for the TCP connection, the SOCKS handshake and the TLS handshake, each. */
  readonly timeoutMs: number;
  /** false: refuse targets in non-public address ranges. */
  readonly privateNetworks: boolean;
}

export function socksConnector(proxy: ProxyUrl, options: SocksConnectorOptions): BuildConnector.connector {
  const tlsUpgrade = buildConnector({ timeout: options.timeoutMs });
  return (target, callback) => {
    openTunnel(proxy, target, options).then(
      (socket) => {
        if (target.protocol === 'https:') tlsUpgrade({ ...target, httpSocket: socket }, callback);
        else callback(null, socket);
      },
      (error: unknown) => callback(error as Error, null),
    );
  };
}

async function openTunnel(proxy: ProxyUrl, target: BuildConnector.Options, options: SocksConnectorOptions): Promise<Socket> {
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  let host = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.privateNetworks) checkLiteral(host);
  if (!proxy.proxyResolves && isIP(host) === 0) host = await resolveHere(host, proxy.kind === 'socks4' ? 4 : 0, options.privateNetworks);
  const socket = await connectToProxy(proxy, options.timeoutMs);
  try {
    const { socket: tunnel } = await loadSocks().SocksClient.createConnection({
      proxy: {
        host: proxy.hostname,
        port: proxy.port,
        type: proxy.kind === 'socks4' || proxy.kind === 'socks4a' ? 4 : 5,
        ...(proxy.username !== undefined ? { userId: proxy.username } : {}),
        ...(proxy.password !== undefined ? { password: proxy.password } : {}),
      },
      command: 'connect',
      destination: { host, port },
      timeout: options.timeoutMs,
      existing_socket: socket,
    });
    return tunnel;
  } catch (error) {
    socket.destroy();
    throw socksFailure(proxy, host, port, error);
  }
}

function resolveHere(host: string, family: 0 | 4, privateNetworks: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const done = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[]): void => {
      if (error) reject(error);
      else resolve(typeof address === 'string' ? address : address[0]!.address);
    };
    if (privateNetworks) dnsLookup(host, { family }, done);
    else publicOnlyLookup(host, { family }, done);
  });
}

function connectToProxy(proxy: ProxyUrl, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: proxy.hostname, port: proxy.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProxyError(proxy.label, 'connect', `no connection in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new ProxyError(proxy.label, 'connect', `cannot connect (${error.code ?? error.message})`));
    });
  });
}

/**
 * Sorts a failed SOCKS negotiation: bad credentials and refusals by rule are the proxy's
 * (ProxyError), a target the proxy could not reach is the target's (a network error, retryable
 * like any other). The `socks` error keeps the proxy options, password included, so it is never
 * kept as a cause.
 */
function socksFailure(proxy: ProxyUrl, host: string, port: number, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  // SOCKS4 92/93 are identd failures: the user id was not accepted.
  if (/authentication|NoAcceptedAuthType|\(Rejected(Ident)?\)/i.test(message)) {
    return new ProxyError(proxy.label, 'auth', `authentication failed (${message.replace(/ - .*$/, '')})`);
  }
  if (/NotAllowed/.test(message)) {
    return new ProxyError(proxy.label, 'refused', `refused to connect to ${host}:${port}`);
  }
  if (/rejected connection/i.test(message)) {
    const reply = /- \(?(\w+)\)?$/.exec(message)?.[1] ?? 'rejected';
    return Object.assign(new Error(`SOCKS proxy ${proxy.label} could not reach ${host}:${port} (${reply})`), { code: 'ESOCKSUNREACHABLE' });
  }
  return new ProxyError(proxy.label, 'connect', `SOCKS handshake failed (${message})`);
}
