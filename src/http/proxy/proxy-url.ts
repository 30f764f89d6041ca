// Proxy URLs: which schemes trawl speaks, how a URL is checked, and how it is shown. Credentials
// (`http://user:secret@host:port`) are sent to the proxy and nowhere else: every message, event
// and error shows the masked form (`http://user:***@host:port`).
import { InputError } from '../../errors/input-error.js';

export type ProxyKind = 'http' | 'https' | 'socks4' | 'socks4a' | 'socks5' | 'socks5h';

const KINDS: ReadonlySet<string> = new Set(['http', 'https', 'socks4', 'socks4a', 'socks5', 'socks5h']);
const DEFAULT_PORTS: Readonly<Record<ProxyKind, number>> = {
  http: 80,
  https: 443,
  socks4: 1080,
  socks4a: 1080,
  socks5: 1080,
  socks5h: 1080,
};

export interface ProxyUrl {
  readonly kind: ProxyKind;
  /** The URL as given, credentials included: only for connecting. */
  readonly href: string;
  /** For messages: the password replaced by ***. */
  readonly label: string;
  readonly hostname: string;
  readonly port: number;
  readonly username: string | undefined;
  readonly password: string | undefined;
  /** True when the proxy, not trawl, resolves the target's name (HTTP proxies, socks4a, socks5h). */
  readonly proxyResolves: boolean;
}

/** Masks the password (or a lone user name, which some proxies use as a token) of a URL-ish string. */
export function maskProxy(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}***@` : `${scheme}${userinfo.slice(0, colon)}:***@`;
  });
}

/**
 * Parses one proxy URL: http://, https://, socks4://, socks4a://, socks5://, socks5h://, with
 * optional user:password. Returns the reason it is not one as a string (for the caller's error).
 */
export function parseProxyUrl(input: string): ProxyUrl | string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  const kind = url.protocol.slice(0, -1).toLowerCase();
  if (!KINDS.has(kind)) return `scheme ${kind}: is not one of http, https, socks4, socks4a, socks5, socks5h`;
  if (!url.hostname) return 'no host';
  if (url.pathname !== '/' && url.pathname !== '' && !kind.startsWith('socks')) return 'a proxy URL has no path';
  if ((url.search || url.hash) !== '') return 'a proxy URL has no query or fragment';
  const proxyKind = kind as ProxyKind;
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return {
    kind: proxyKind,
    href: url.href,
    label: maskProxy(url.href).replace(/\/$/, ''),
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : DEFAULT_PORTS[proxyKind],
    username,
    password,
    proxyResolves: proxyKind === 'http' || proxyKind === 'https' || proxyKind === 'socks4a' || proxyKind === 'socks5h',
  };
}

/** One line of a proxy list, parsed, with its place (file:line) for messages. */
export interface ProxyLine {
  readonly proxy: ProxyUrl;
  readonly place: string;
}

/**
 * A proxy list: one proxy URL a line; blank lines and `#` comments are ignored. The first bad
 * line throws InputError naming file:line (the line itself shown masked).
 */
export function parseProxyList(text: string, file: string): ProxyLine[] {
  const out: ProxyLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const place = `${file}:${index + 1}`;
      const parsed = parseProxyUrl(line);
      if (typeof parsed === 'string') throw new InputError(JSON.stringify(maskProxy(line)), place, `bad proxy URL: ${parsed}`);
      out.push({ proxy: parsed, place });
    });
  return out;
}
