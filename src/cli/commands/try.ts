// `trawl try <url>`: the items (and, with --links, the links to follow) that `trawl crawl` would
// take from one page, as JSON lines on stdout: the same compiled rules, the same fetcher.
import { applyPageRules, compilePageRules } from '../../engine/page-rules.js';
import { OptionError } from '../../errors/option-error.js';
import { Fetcher } from '../../http/fetcher.js';
import { parseHttpUrl } from '../../util/url.js';
import { fetchOptionsFrom } from '../crawl-session.js';
import { crawlScopeFrom } from '../crawl-scope.js';
import { extractOption } from '../parse-options.js';
import { StdoutSink } from '../stdout-sink.js';

export async function tryCommand(url: string, options: Record<string, unknown>): Promise<number> {
  // Check everything the user typed before touching the network.
  const page = parseHttpUrl(url, 'URL').href;
  const extract = extractOption(options.extract);
  const showLinks = options.links === true;
  if (extract.length === 0 && !showLinks) throw new OptionError('--extract', undefined, 'give at least one --extract name=selector, or --links');
  const scope = crawlScopeFrom(options);
  const rules = compilePageRules({
    ...(typeof options.follow === 'string' ? { follow: options.follow } : {}),
    ...(typeof options.item === 'string' ? { item: options.item } : {}),
    extract,
    allowHosts: scope.allowHosts,
    denyHosts: scope.denyHosts,
  });
  const fetcher = new Fetcher(scope.guard({ ...fetchOptionsFrom(options), concurrency: 1 }));
  try {
    let response;
    try {
      response = await fetcher.fetch({ url: page });
    } catch (error) {
      process.stderr.write(`trawl: ${page}: ${(error as Error).message}\n`);
      return 1;
    }
    const output = applyPageRules(rules, response.text, response.url);
    if (output.itemMissed) process.stderr.write(`trawl: warning: --item ${JSON.stringify(options.item)} matched nothing on ${response.url}\n`);
    const sink = new StdoutSink();
    await sink.open(undefined);
    sink.write(output.items);
    if (showLinks) sink.write(output.links.map((link) => ({ link })));
    await sink.close();
    return 0;
  } finally {
    await fetcher.close();
  }
}
