// Where a crawl may go: --allow-host / --deny-host patterns (and a spider's allowHosts /
// denyHosts), checked wherever requests are made (links of the declarative rules, enqueue(),
// sitemap entries) and, through the fetcher's redirect guard, on every redirect.
//
// A pattern is one of:
//   example.com        exactly that host (letter case ignored)
//   *.example.com      a glob: `*` stands for any run of characters, dots included, so this is
//                      every subdomain of example.com at any depth, but not example.com itself
//   127.0.0.1:8080     with a `:port`, the pattern is matched against host:port (a default port
//                      is never written), else against the host name alone
//   /^img\d+\./        a regular expression between slashes, tested against the host name
// A URL is allowed when no allow pattern is given or one matches, and no deny pattern matches.
import { HostDeniedError } from '../errors/host-denied-error.js';
import { OptionError } from '../errors/option-error.js';

export interface HostPatterns {
  readonly allow: readonly string[];
  readonly deny: readonly string[];
}

export interface HostRules {
  /** No pattern at all: everything is allowed. */
  readonly empty: boolean;
  /** Allow patterns were given: a declarative crawl follows links to them, not only its own origin. */
  readonly widens: boolean;
  /** Whether a request to `url` may be made. */
  allows(url: string | URL): boolean;
  /** Why `url` is refused ('not in --allow-host', 'matches --deny-host x'), or undefined when it is allowed. */
  refusal(url: string | URL): string | undefined;
}

interface Pattern {
  readonly source: string;
  /** Matched against host:port rather than the host name. */
  readonly withPort: boolean;
  readonly regex: RegExp;
}

/** Option names for messages: the CLI's, or a spider's settings. */
export interface HostOptionNames {
  readonly allow: string;
  readonly deny: string;
}

const CLI_NAMES: HostOptionNames = { allow: '--allow-host', deny: '--deny-host' };

/** Compiles the patterns, or throws OptionError naming the option and the bad pattern. */
export function compileHostRules(patterns: HostPatterns, names: HostOptionNames = CLI_NAMES): HostRules {
  const allow = patterns.allow.map((source) => compilePattern(source, names.allow));
  const deny = patterns.deny.map((source) => compilePattern(source, names.deny));
  const refusal = (input: string | URL): string | undefined => {
    if (allow.length === 0 && deny.length === 0) return undefined;
    const url = typeof input === 'string' ? safeUrl(input) : input;
    if (url === undefined) return 'not a URL';
    const hostname = url.hostname.toLowerCase();
    const host = url.host.toLowerCase();
    const hit = (pattern: Pattern): boolean => pattern.regex.test(pattern.withPort ? host : hostname);
    if (allow.length > 0 && !allow.some(hit)) return `not in ${names.allow}`;
    const denied = deny.find(hit);
    return denied === undefined ? undefined : `matches ${names.deny} ${denied.source}`;
  };
  return {
    empty: allow.length === 0 && deny.length === 0,
    widens: allow.length > 0,
    allows: (url) => refusal(url) === undefined,
    refusal,
  };
}

/**
 * The fetcher's redirect guard for these rules: a redirect to a host they refuse fails with
 * HostDeniedError. undefined when there are no rules.
 */
export function hostRedirectGuard(rules: HostRules): ((target: URL, from: URL) => void) | undefined {
  if (rules.empty) return undefined;
  return (target, from) => {
    const reason = rules.refusal(target);
    if (reason !== undefined) throw new HostDeniedError(target.href, target.host, from.href, reason);
  };
}

function compilePattern(input: string, option: string): Pattern {
  const source = input.trim();
  if (source.length > 2 && source.startsWith('/') && source.endsWith('/')) {
    try {
      return { source, withPort: false, regex: new RegExp(source.slice(1, -1), 'i') };
    } catch (error) {
      throw new OptionError(option, input, `not a valid regular expression: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!/^[\w.*\-[\]:]+$/.test(source) || !/[\w*]/.test(source)) {
    throw new OptionError(option, input, 'expected a host (example.com), a glob (*.example.com), host:port, or /regex/');
  }
  const body = source.toLowerCase().split('*').map(escapeRegex).join('.*');
  return { source, withPort: /:\d*$/.test(source) && !source.endsWith(']'), regex: new RegExp(`^${body}$`) };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeUrl(input: string): URL | undefined {
  try {
    return new URL(input);
  } catch {
    return undefined;
  }
}
