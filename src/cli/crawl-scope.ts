// What `crawl` and `run` take from the command line (and a spider's settings) about where a
// crawl starts and where it may go: --sitemap / --since, --allow-host / --deny-host. Checked before
// anything is fetched; the sitemaps are read into the frontier just before the crawl runs.
import { compileHostRules, hostRedirectGuard, type HostRules } from '../engine/host-rules.js';
import { OptionError } from '../errors/option-error.js';
import type { FetcherOptions } from '../http/options.js';
import { addSitemapStarts, type RequestTarget } from '../sitemap/starts.js';
import type { SitemapFetcher, SitemapSource } from '../sitemap/reader.js';
import { parseLastmod } from '../sitemap/parse.js';
import { parseHttpUrl } from '../util/url.js';

export interface ScopeDefaults {
  /** A spider's settings.allowHosts / denyHosts: the command line's patterns replace them. */
  readonly allowHosts?: readonly string[];
  readonly denyHosts?: readonly string[];
  /** A spider's sitemaps, resolved against `base`; --sitemap adds to them. */
  readonly sitemaps?: readonly SitemapSource[];
  readonly base?: string;
}

export interface CrawlScope {
  readonly allowHosts: readonly string[];
  readonly denyHosts: readonly string[];
  readonly hosts: HostRules;
  readonly sitemaps: readonly SitemapSource[];
  /** The fetch options with the host rules' redirect guard. */
  guard(fetch: FetcherOptions): FetcherOptions;
  /** Reads the sitemaps into `target`; problems and a summary go to stderr. */
  addSitemapStarts(target: RequestTarget, fetcher: SitemapFetcher, quiet: boolean): Promise<void>;
}

export function crawlScopeFrom(options: Record<string, unknown>, defaults: ScopeDefaults = {}): CrawlScope {
  const cliAllow = strings(options.allowHost);
  const cliDeny = strings(options.denyHost);
  const allowHosts = cliAllow ?? defaults.allowHosts ?? [];
  const denyHosts = cliDeny ?? defaults.denyHosts ?? [];
  const hosts = compileHostRules(
    { allow: allowHosts, deny: denyHosts },
    { allow: cliAllow ? '--allow-host' : 'settings.allowHosts', deny: cliDeny ? '--deny-host' : 'settings.denyHosts' },
  );
  const since = sinceOption(options.since);
  const sitemaps: SitemapSource[] = [];
  (defaults.sitemaps ?? []).forEach((source, index) => {
    const url = typeof source === 'string' ? source : source.url;
    const place = `sitemaps[${index}]`;
    const absolute = defaults.base === undefined ? parseHttpUrl(url, place).href : new URL(url, `${defaults.base}/`).href;
    sitemaps.push(typeof source === 'string' ? absolute : { ...source, url: parseHttpUrl(absolute, place).href });
  });
  for (const url of strings(options.sitemap) ?? []) sitemaps.push(parseHttpUrl(url, '--sitemap').href);
  if (since !== undefined && sitemaps.length === 0) throw new OptionError('--since', options.since, 'applies to sitemaps: give --sitemap too');
  const guard = hostRedirectGuard(hosts);
  return {
    allowHosts,
    denyHosts,
    hosts,
    sitemaps,
    guard: (fetch) => (guard === undefined ? fetch : { ...fetch, redirectGuard: guard }),
    addSitemapStarts: async (target, fetcher, quiet) => {
      if (sitemaps.length === 0) return;
      const summary = await addSitemapStarts(target, sitemaps, fetcher, {
        hosts,
        ...(since ? { since } : {}),
        onError: (error) => process.stderr.write(`trawl: warning: ${error.message}\n`),
      });
      if (quiet) return;
      const refused = summary.refused > 0 ? `, ${summary.refused} on hosts outside --allow-host / --deny-host` : '';
      const dated = since ? ` with lastmod after ${since.toISOString()}` : '';
      process.stderr.write(`trawl: sitemaps: ${summary.sitemaps} read, ${summary.urls} URLs${dated} (${summary.added} new)${refused}\n`);
    },
  };
}

/** `--since`: a W3C date or datetime (2024-05-01, 2024-05-01T12:00:00Z). */
export function sinceOption(value: unknown): Date | undefined {
  if (value === undefined) return undefined;
  const time = parseLastmod(String(value));
  if (Number.isNaN(time)) throw new OptionError('--since', value, 'expected a date such as 2024-05-01 or 2024-05-01T12:00:00Z');
  return new Date(time);
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
