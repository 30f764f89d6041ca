// The network options shared by crawl, run, get and hls: proxies (--proxy, --proxy-file,
// --proxy-rotation), the HTTP cache (--cache, --cache-mode; fetch() only, so not for get/hls)
// and --no-private-networks. `networkOptions` declares them on a command; `networkOptionsFrom`
// turns what was typed into FetcherOptions, checking it all before any request or file.
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { InputError } from '../errors/input-error.js';
import { OptionError } from '../errors/option-error.js';
import type { FetcherOptions } from '../http/options.js';
import { maskProxy, parseProxyList, parseProxyUrl } from '../http/proxy/proxy-url.js';
import { ensureDirSync } from '../util/ensure-dir.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Examples for `--help`, one per option. */
export function networkOptions(command: Command, which: { cache: boolean }): Command {
  command
    .option(
      '--proxy <url>',
      'send requests through this proxy: http://, https://, socks4://, socks4a://, socks5://, socks5h:// (user:password@ allowed; repeatable: requests rotate over them; default: HTTP_PROXY / HTTPS_PROXY from the environment, except NO_PROXY hosts)',
      collect,
    )
    .option('--proxy-file <file>', 'read proxy URLs from a file, one a line (# comments allowed); added to --proxy')
    .addOption(
      new Option('--proxy-rotation <how>', 'with several proxies: "request" takes the next proxy for each request, "host" keeps one proxy per host (default: request)').choices(['request', 'host']),
    );
  if (which.cache) {
    command
      .option('--cache <dir>', 'keep every response in this folder and replay it on later runs without touching the site (for developing spiders)')
      .addOption(
        new Option('--cache-mode <mode>', 'replay: serve what is stored, fetch only what is not; refresh: fetch everything again and store it; rfc9111: obey Cache-Control/Expires/ETag, revalidating stale pages (default: replay)').choices(['replay', 'refresh', 'rfc9111']),
      );
  }
  return command.option(
    '--no-private-networks',
    'refuse requests and redirects to loopback, private, link-local and other non-public addresses (checked after DNS resolution)',
  );
}

/** What the network options ask of the Fetcher; a bad value throws (exit 2) before anything starts. */
export function networkOptionsFrom(options: Record<string, unknown>): Partial<FetcherOptions> {
  const proxies: string[] = [];
  const given = options.proxy === undefined ? [] : typeof options.proxy === 'string' ? [options.proxy] : (options.proxy as string[]);
  for (const value of given) {
    const parsed = parseProxyUrl(value);
    if (typeof parsed === 'string') throw new OptionError('--proxy', maskProxy(value.trim()), parsed);
    proxies.push(parsed.href);
  }
  if (typeof options.proxyFile === 'string') proxies.push(...readProxyFile(options.proxyFile));
  if (options.proxyRotation !== undefined && proxies.length === 0) {
    throw new OptionError('--proxy-rotation', options.proxyRotation, 'needs --proxy or --proxy-file');
  }
  if (options.cacheMode !== undefined && typeof options.cache !== 'string') {
    throw new OptionError('--cache-mode', options.cacheMode, 'needs --cache <dir>');
  }
  return {
    ...(proxies.length > 0 ? { proxy: proxies } : {}),
    ...(typeof options.proxyRotation === 'string' ? { proxyRotation: options.proxyRotation as 'request' | 'host' } : {}),
    ...(typeof options.cache === 'string' ? { cache: { dir: cacheDir(options.cache), ...(typeof options.cacheMode === 'string' ? { mode: options.cacheMode as 'replay' } : {}) } } : {}),
    ...(options.privateNetworks === false ? { privateNetworks: false } : {}),
  };
}

function readProxyFile(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(file, '--proxy-file', `cannot read the proxy list (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const lines = parseProxyList(text, file);
  if (lines.length === 0) throw new InputError(file, '--proxy-file', 'no proxy URL in it');
  return lines.map((line) => line.proxy.href);
}

/** The cache folder, created now so that a path that cannot be one fails before the crawl starts. */
function cacheDir(dir: string): string {
  try {
    ensureDirSync(dir);
  } catch (error) {
    throw new InputError(dir, '--cache', `cannot create the cache folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return dir;
}
