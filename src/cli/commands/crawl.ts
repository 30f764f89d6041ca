// `trawl crawl`: declarative crawl from start URLs (arguments, -i file or -, --sitemap).
import { availableParallelism } from 'node:os';
import { Crawler } from '../../engine/crawler.js';
import { compileRules } from '../../engine/rules.js';
import { InputError } from '../../errors/input-error.js';
import { parseHttpUrl } from '../../util/url.js';
import { fetchOptionsFrom, jobCrawlerOptions, openJob, runWithProgress } from '../crawl-session.js';
import { crawlScopeFrom } from '../crawl-scope.js';
import { readUrlList } from '../inputs.js';
import { extractOption, intOption } from '../parse-options.js';
import { itemsOutput } from '../stdout-sink.js';

export async function crawlCommand(args: readonly string[], options: Record<string, unknown>): Promise<number> {
  // Check everything the user typed before touching the network or any file.
  const starts = args.map((url, index) => parseHttpUrl(url, `start URL ${index + 1}`).href);
  if (typeof options.input === 'string') {
    const list = await readUrlList(options.input);
    if (list.errors.length > 0) throw list.errors[0]!;
    starts.push(...list.urls.map((line) => line.url));
  }
  const scope = crawlScopeFrom(options);
  const rules = compileRules({
    ...(typeof options.follow === 'string' ? { follow: options.follow } : {}),
    ...(typeof options.match === 'string' ? { match: options.match } : {}),
    ...(typeof options.item === 'string' ? { item: options.item } : {}),
    extract: extractOption(options.extract),
    allowHosts: scope.allowHosts,
    denyHosts: scope.denyHosts,
  }, { parseThreads: intOption('--parse-threads', options.parseThreads, 0) ?? defaultParseThreads() });
  const fetch = scope.guard(fetchOptionsFrom(options));
  const maxPages = intOption('--max-pages', options.maxPages, 1);
  const maxDepth = intOption('--depth', options.depth, 0);
  if (starts.length === 0 && scope.sitemaps.length === 0 && typeof options.job !== 'string') {
    throw new InputError('start URLs', '', 'give at least one URL, or -i <file>, or --sitemap <url>, or --job <name> to resume');
  }

  const output = itemsOutput(options.output, options.format, { bom: options.bom === true, columns: rules.fields });
  if (rules.fields.length === 1 && typeof options.output === 'string') {
    process.stderr.write('trawl: note: no --extract given: pages are crawled but no items are written\n');
  }
  const job = openJob(options.job);
  const crawlerOptions = jobCrawlerOptions(job, fetch, output, options, { maxPages, maxDepth });
  const crawler = new Crawler({ handler: rules.handler, hosts: scope.hosts, ...crawlerOptions });
  try {
    return await runWithProgress(crawler, job, options.quiet === true, async () => {
      await scope.addSitemapStarts(crawler.frontier, crawlerOptions.fetcher!, options.quiet === true);
      return crawler.run(starts);
    });
  } finally {
    await rules.close();
  }
}

/** One parse thread per spare core (at most 3): they start only once parsing is a real load. */
function defaultParseThreads(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}
