// Proxy layer, just above the transport: picks the proxy for each exchange (ProxyPool), sends
// through its dispatcher, and when the proxy is at fault — it could not be reached, answered
// 407, refused the target, or the site answered 403/429 through it (a ban) — benches it and
// sends the same exchange again through another proxy at once.
//
// Those switches happen inside one attempt of the retry layer above: a request that meets a bad
// proxy loses no retry to it, and when every proxy it tried failed (at most 4: the first and 3
// switches) the attempt fails once — with the last ProxyError, or with the last ban status,
// which the retry layer treats as it treats any status (429 is retried, 403 is not).
//
// A ban status that the next proxy gets too is the site's answer to everyone (a page that is
// forbidden), not a ban: the first proxy's bench is undone and that answer is returned.
import { PrivateNetworkError } from '../../errors/private-network-error.js';
import { ProxyError } from '../../errors/proxy-error.js';
import { errorCode, errorMessage } from '../../errors/trawl-error.js';
import { discardHop, type Hop, type Send } from '../exchange.js';
import { checkHost } from '../private-network.js';
import type { PoolMember, ProxyPool } from './proxy-pool.js';

/** Statuses that, through a proxy, mean the site has banned that proxy's address. */
const BAN_STATUSES: ReadonlySet<number> = new Set([403, 429]);
const MAX_SWITCHES = 3;

export interface ProxyLayerConfig {
  /** false: refuse targets in non-public address ranges (checked here for proxies that resolve names). */
  readonly privateNetworks: boolean;
}

/**
 * The proxy's share of a failure, as a ProxyError, or undefined when the failure is the target's
 * (a timeout, a reset, a TLS error with the site) and switching proxies would not help.
 */
export function proxyFault(error: unknown, member: PoolMember): ProxyError | undefined {
  if (error instanceof ProxyError) return error;
  // undici's non-tunnelling proxy client reports a 407 as this argument error, in words only.
  if (errorCode(error) === 'UND_ERR_INVALID_ARG' && /\(407\)/.test(errorMessage(error))) {
    return new ProxyError(member.label, 'auth', 'proxy authentication required (407)', undefined, { cause: error });
  }
  return undefined;
}

export function proxyLayer(pool: ProxyPool, config: ProxyLayerConfig, next: Send): Send {
  const switches = Math.min(MAX_SWITCHES, pool.size - 1);
  return async (exchange) => {
    const url = exchange.url.href;
    const tried = new Set<PoolMember>();
    let checked = config.privateNetworks;
    let lastError: ProxyError | undefined;
    let banned: { member: PoolMember; hop: Hop } | undefined;
    for (let attempt = 0; attempt <= switches; attempt++) {
      let member: PoolMember | undefined;
      try {
        member = await pool.pick(exchange.url.origin, tried, exchange.signal);
        if (member && !checked && member.spec.proxyResolves) {
          await checkHost(exchange.url.hostname);
          checked = true;
        }
      } catch (error) {
        throw namingUrl(error, url);
      }
      if (!member) break;
      tried.add(member);
      let hop: Hop;
      try {
        hop = await next({ ...exchange, dispatcher: member.dispatcher });
      } catch (error) {
        const fault = proxyFault(error, member);
        if (!fault || exchange.signal?.aborted) throw error;
        pool.fail(member, fault.fault, fault.reason);
        lastError = fault.forUrl(url);
        continue;
      }
      if (!BAN_STATUSES.has(hop.status) || pool.size === 1) {
        if (banned) {
          discardHop(banned.hop);
          banned = undefined;
        }
        pool.succeed(member);
        return hop;
      }
      if (banned && banned.hop.status === hop.status) {
        // Two proxies, one answer: the site's, not a ban.
        pool.clear(banned.member);
        discardHop(banned.hop);
        pool.succeed(member);
        return hop;
      }
      if (banned) discardHop(banned.hop);
      pool.failTentatively(member, `the site answered ${hop.status} through it (banned?)`);
      banned = { member, hop };
    }
    if (banned) return banned.hop;
    throw lastError ?? new ProxyError(pool.members.map((m) => m.label).join(', '), 'unavailable', 'no proxy left to try', url);
  };
}

function namingUrl(error: unknown, url: string): unknown {
  return error instanceof ProxyError || error instanceof PrivateNetworkError ? error.forUrl(url) : error;
}
