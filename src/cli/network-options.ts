// The network options shared by crawl, run, get, stream and hls: proxies (--proxy, --proxy-file,
// --proxy-rotation), the HTTP cache (--cache, --cache-mode; fetch() only, so not for get/hls)
// and --no-private-networks (declared in src/config/options/requests.ts). `networkOptionsFrom`
// turns the settings into FetcherOptions, checking it all before any request or file.
import { readFileSync } from 'node:fs';
import { InputError } from '../errors/input-error.js';
import { OptionError } from '../errors/option-error.js';
import type { FetcherOptions } from '../http/options.js';
import { maskProxy, parseProxyList, parseProxyUrl } from '../http/proxy/proxy-url.js';
import { ensureDirSync } from '../util/ensure-dir.js';
import { given } from './command-settings.js';

/** What the network options ask of the Fetcher; a bad value throws (exit 2) before anything starts. */
export function networkOptionsFrom(options: Record<string, unknown>): Partial<FetcherOptions> {
  const proxies: string[] = [];
  const typed = options.proxy === undefined ? [] : typeof options.proxy === 'string' ? [options.proxy] : (options.proxy as string[]);
  for (const value of typed) {
    const parsed = parseProxyUrl(value);
    if (typeof parsed === 'string') throw new OptionError('--proxy', maskProxy(value.trim()), parsed);
    proxies.push(parsed.href);
  }
  if (typeof options.proxyFile === 'string') proxies.push(...readProxyFile(options.proxyFile));
  if (given(options, 'proxyRotation') && proxies.length === 0) {
    throw new OptionError('--proxy-rotation', options.proxyRotation, 'needs --proxy or --proxy-file');
  }
  if (given(options, 'cacheMode') && typeof options.cache !== 'string') {
    throw new OptionError('--cache-mode', options.cacheMode, 'needs --cache <dir>');
  }
  return {
    ...(proxies.length > 0 ? { proxy: proxies } : {}),
    ...(proxies.length > 0 && typeof options.proxyRotation === 'string' ? { proxyRotation: options.proxyRotation as 'request' | 'host' } : {}),
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
