// `trawl crawl`: declarative crawl from start URLs (arguments and/or -i file), as the owner of
// its job (see ../owner.ts for workers and shared jobs).
import { availableParallelism } from 'node:os';
import { Router } from '../../engine/router.js';
import { compileRules } from '../../engine/rules.js';
import { toCrawlRequest } from '../../engine/requests.js';
import { InputError } from '../../errors/input-error.js';
import { parseHttpUrl } from '../../util/url.js';
import { fetchOptionsFrom, sinkFor, workersOption } from '../crawl-session.js';
import { readUrlList } from '../inputs.js';
import { runOwner } from '../owner.js';
import { extractOption, intOption } from '../parse-options.js';

export async function crawlCommand(args: readonly string[], options: Record<string, unknown>): Promise<number> {
  // Check everything the user typed before touching the network or any file.
  const starts = args.map((url, index) => parseHttpUrl(url, `start URL ${index + 1}`).href);
  if (typeof options.input === 'string') {
    const list = await readUrlList(options.input);
    if (list.errors.length > 0) throw list.errors[0]!;
    starts.push(...list.urls.map((line) => line.url));
  }
  const source = {
    ...(typeof options.follow === 'string' ? { follow: options.follow } : {}),
    ...(typeof options.match === 'string' ? { match: options.match } : {}),
    extract: extractOption(options.extract),
  };
  const workers = workersOption(options.workers);
  const rules = compileRules(source, { parseThreads: intOption('--parse-threads', options.parseThreads, 0) ?? defaultParseThreads(workers) });
  const fetch = fetchOptionsFrom(options);
  const maxPages = intOption('--max-pages', options.maxPages, 1);
  const maxDepth = intOption('--depth', options.depth, 0);
  if (starts.length === 0 && typeof options.job !== 'string') {
    throw new InputError('start URLs', '', 'give at least one URL, or -i <file>, or --job <name> to resume');
  }
  if (rules.fields.length === 1 && typeof options.output === 'string') {
    process.stderr.write('trawl: note: no --extract given: pages are crawled but no items are written\n');
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
      output: sinkFor(options.output, { bom: options.bom === true, columns: rules.fields }),
      fields: rules.fields,
      maxPages,
      maxDepth,
      workerArgs: [],
    });
  } finally {
    await rules.close();
  }
}

/**
 * Parse threads put spare cores to work when this is the only worker process; with several
 * worker processes the cores are theirs. A worker started by its owner on this machine parses
 * on its own thread.
 */
export function defaultParseThreads(workers: number | 'auto'): number {
  if (process.env.TRAWL_LOCAL_WORKER === '1' || (workers !== 'auto' && workers > 1)) return 0;
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}
