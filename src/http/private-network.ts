// The private-network guard (`privateNetworks: false`, `--no-private-networks`): classifies an
// IP address as public or as one of the special-purpose ranges that a crawl seeded from the
// public web must never be steered into, and hooks undici's connect so that the check runs on
// the address actually connected to — after DNS resolution, for every hop of a redirect chain.
//
//   URL host ──▶ connector: IP literal? ── classify ──▶ refuse (PrivateNetworkError)
//                    │ no                                  ▲
//                    ▼                                     │ nothing public left
//               net.connect({ lookup }) ── dns.lookup ── keep only public addresses ──▶ connect
//
// Filtering inside `lookup` (instead of resolving first and connecting later) leaves no window
// for a second, different DNS answer (DNS rebinding). Through a proxy that resolves names itself
// (HTTP proxies, socks5h, socks4a), trawl can only resolve the name too and refuse what it sees:
// `checkHost` — a check of the same name, not of the proxy's own answer.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { promisify } from 'node:util';
import type { buildConnector } from 'undici';
import { PrivateNetworkError } from '../errors/private-network-error.js';

type Family = 'ipv4' | 'ipv6';
type Range = readonly [cidr: string, name: string];

// The IANA special-purpose registries' ranges that are not globally reachable, plus multicast.
const IPV4: readonly Range[] = [
  ['0.0.0.0/8', '"this network"'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'shared CGNAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.88.99.0/24', '6to4 relay anycast'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
];

const IPV6: readonly Range[] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b:1::/48', 'local-use NAT64'],
  ['100::/64', 'discard-only'],
  ['2001::/23', 'IETF protocol assignments'],
  ['2001:db8::/32', 'documentation'],
  ['fc00::/7', 'unique local (fc00::/7)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
];

interface Matcher {
  readonly name: string;
  readonly list: BlockList;
}

/** One BlockList per named range (node:net's matcher), so a refusal can say which range it was. */
function buildMatchers(): Matcher[] {
  const matchers: Matcher[] = [];
  const add = (name: string, address: string, prefix: number, family: Family): void => {
    const list = new BlockList();
    list.addSubnet(address, prefix, family);
    matchers.push({ name, list });
  };
  for (const [cidr, name] of IPV4) {
    const [address, prefix] = splitCidr(cidr);
    // BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against IPv4 rules by itself. NAT64
    // (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address inside: a private one inside is
    // as private as the bare one, while their public addresses (DNS64 answers) stay allowed.
    add(name, address, prefix, 'ipv4');
    const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
    const high = ((a << 8) | b).toString(16);
    const low = ((c << 8) | d).toString(16);
    add(`${name}, inside NAT64`, `64:ff9b::${high}:${low}`, 96 + prefix, 'ipv6');
    add(`${name}, inside 6to4`, `2002:${high}:${low}::`, 16 + prefix, 'ipv6');
  }
  for (const [cidr, name] of IPV6) {
    const [address, prefix] = splitCidr(cidr);
    add(name, address, prefix, 'ipv6');
  }
  return matchers;
}

function splitCidr(cidr: string): [string, number] {
  const slash = cidr.indexOf('/');
  return [cidr.slice(0, slash), Number(cidr.slice(slash + 1))];
}

let matchers: Matcher[] | undefined;

/**
 * The name of the non-public range `address` (an IPv4 or IPv6 literal) falls in, or undefined
 * for a public address. A string that is not an IP address is reported as 'not an IP address'.
 */
export function nonPublicRange(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const version = isIP(bare);
  if (version === 0) return 'not an IP address';
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  matchers ??= buildMatchers();
  for (const matcher of matchers) {
    if (matcher.list.check(bare, family)) return matcher.name;
  }
  return undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect / tls.connect that resolves as dns.lookup does and keeps only
 * public addresses; when none is left it fails with PrivateNetworkError naming the host and the
 * first address it resolved to.
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions | number, callback: LookupCallback): void {
  const opts: LookupOptions = typeof options === 'number' ? { family: options } : options;
  dnsLookup(hostname, { ...opts, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '');
      return;
    }
    const allowed = addresses.filter((entry) => nonPublicRange(entry.address) === undefined);
    if (allowed.length === 0) {
      const first = addresses[0];
      const refused = first
        ? new PrivateNetworkError(hostname, first.address, nonPublicRange(first.address) ?? 'non-public')
        : Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' });
      callback(refused as NodeJS.ErrnoException, '');
      return;
    }
    if (opts.all) callback(null, allowed);
    else callback(null, allowed[0]!.address, allowed[0]!.family);
  });
}

/** Throws PrivateNetworkError when `host` is an IP literal in a non-public range. */
export function checkLiteral(host: string): void {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (isIP(bare) === 0) return;
  const range = nonPublicRange(bare);
  if (range !== undefined) throw new PrivateNetworkError(bare, bare, range);
}

const lookupAll = promisify(dnsLookup) as (host: string, options: LookupOptions & { all: true }) => Promise<LookupAddress[]>;

/**
 * Resolves `host` here and throws PrivateNetworkError when it is, or resolves only to, non-public
 * addresses. Used where someone else (a proxy) will resolve the name and connect. A name that
 * does not resolve here is let through: the proxy may know it (an intranet name would be private
 * anyway, and the proxy answers for it).
 */
export function checkHost(host: string): Promise<void> {
  // A crawl through a proxy asks about the same few hosts again and again: answers are kept for
  // a few seconds (a check, not the connection itself, so a short-lived answer is enough).
  const now = Date.now();
  const known = recentChecks.get(host);
  if (known && known.until > now) return known.result;
  const result = resolveAndCheck(host);
  result.catch(() => undefined);
  if (recentChecks.size >= MAX_RECENT_CHECKS) recentChecks.clear();
  recentChecks.set(host, { until: now + RECENT_CHECK_MS, result });
  return result;
}

const RECENT_CHECK_MS = 10_000;
const MAX_RECENT_CHECKS = 1024;
const recentChecks = new Map<string, { until: number; result: Promise<void> }>();

async function resolveAndCheck(host: string): Promise<void> {
  checkLiteral(host);
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) return;
  let addresses: LookupAddress[];
  try {
    addresses = await lookupAll(host, { all: true });
  } catch {
    return;
  }
  const allowed = addresses.filter((entry) => nonPublicRange(entry.address) === undefined);
  if (allowed.length === 0 && addresses[0]) {
    throw new PrivateNetworkError(host, addresses[0].address, nonPublicRange(addresses[0].address) ?? 'non-public');
  }
}

/**
 * Wraps an undici connector so that IP-literal hosts are checked before connecting (net.connect
 * does not call `lookup` for them); names are checked by the connector's own `lookup`, which
 * must be publicOnlyLookup.
 */
export function guardConnector(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    try {
      checkLiteral(options.hostname);
    } catch (error) {
      queueMicrotask(() => callback(error as Error, null));
      return;
    }
    connect(options, callback);
  };
}
