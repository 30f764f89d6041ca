// `trawl crawl`: declarative crawl from start URLs (arguments, -i file or -, --sitemap), as the
// owner of its job (see ../owner.ts for workers and shared jobs).
import { trace } from '../../util/trace.js';
import { Router } from '../../engine/router.js';
import { compileRules } from '../../engine/rules.js';
import { toCrawlRequest } from '../../engine/requests.js';
import { InputError } from '../../errors/input-error.js';
import { parseHttpUrl } from '../../util/url.js';
import { defaultParseThreads, fetchOptionsFrom, workersOption } from '../crawl-session.js';
import { crawlScopeFrom } from '../crawl-scope.js';
import { readUrlList } from '../inputs.js';
import { runOwner, withFetcher } from '../owner.js';
import { extractOption } from '../parse-options.js';
import { itemsOutput } from '../stdout-sink.js';
import { renderChoiceFrom } from '../render-setup.js';
import { logLine } from '../log/lines.js';
import { logSettingsFrom } from '../log/log-settings.js';

export async function crawlCommand(args: readonly string[], options: Record<string, unknown>): Promise<number> {
  trace('crawl command');
  // Check everything the user typed before touching the network or any file.
  logSettingsFrom(options);
  const starts = args.map((url, index) => parseHttpUrl(url, `start URL ${index + 1}`).href);
  if (typeof options.input === 'string') {
    const list = await readUrlList(options.input);
    if (list.errors.length > 0) throw list.errors[0]!;
    starts.push(...list.urls.map((line) => line.url));
  }
  const scope = crawlScopeFrom(options);
  const source = {
    ...(typeof options.follow === 'string' ? { follow: options.follow } : {}),
    ...(typeof options.match === 'string' ? { match: options.match } : {}),
    ...(typeof options.item === 'string' ? { item: options.item } : {}),
    extract: extractOption(options.extract),
    allowHosts: scope.allowHosts,
    denyHosts: scope.denyHosts,
  };
  const workers = workersOption(options.workers);
  const rules = compileRules(source, parseOptions(options, workers));
  const fetch = scope.guard(fetchOptionsFrom(options));
  const maxPages = options.maxPages as number | undefined;
  const maxDepth = options.depth as number | undefined;
  if (starts.length === 0 && scope.sitemaps.length === 0 && typeof options.job !== 'string') {
    throw new InputError('start URLs', '', 'give at least one URL, or -i <file>, or --sitemap <url>, or --job <name> to resume');
  }
  const render = renderChoiceFrom(options);
  const output = itemsOutput(options.output, options.format, { bom: options.bom === true, columns: rules.fields });
  if (rules.fields.length === 1 && typeof options.output === 'string') {
    logLine('note: no --extract given: pages are crawled but no items are written');
  }
  const router = new Router();
  router.otherwise(rules.handler);
  try {
    return await runOwner({
      options,
      what: { kind: 'rules', rules: source },
      router,
      starts: starts.map((url, index) => toCrawlRequest(url, { depth: 0, place: `start URL ${index + 1}` })),
      fetch,
      output,
      hosts: scope.hosts,
      hostPatterns: { allow: scope.allowHosts, deny: scope.denyHosts },
      beforeStart: scope.sitemaps.length === 0 ? undefined : (frontier) => withFetcher(fetch, (fetcher) => scope.addSitemapStarts(frontier, fetcher, options.quiet === true)),
      fields: rules.fields,
      ...(render ? { render } : {}),
      maxPages,
      maxDepth,
      workerArgs: [],
    });
  } finally {
    await rules.close();
  }
}

/** --parse-threads and --parse-timeout, with their defaults. */
export function parseOptions(options: Record<string, unknown>, workers: number | 'auto'): { parseThreads: number; parseTimeoutMs?: number } {
  const timeout = options.parseTimeout as number | undefined;
  return {
    parseThreads: (options.parseThreads as number | undefined) ?? defaultParseThreads(workers),
    ...(timeout !== undefined ? { parseTimeoutMs: timeout } : {}),
  };
}

