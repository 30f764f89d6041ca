// Declarative crawling (`trawl crawl --follow --match --item --extract`) compiled to an ordinary
// handler, so it runs through exactly the same engine as a spider module. Pages are parsed by
// a ParsePool (worker threads when available).
import type { Handler } from './handler.js';
import type { PageContext } from './context.js';
import { compilePageRules, type CrawlRules } from './page-rules.js';
import { ParsePool } from './parse-pool.js';

export type { CrawlRules } from './page-rules.js';

export interface CompiledRules {
  /** Item columns: `url`, then the extracted fields in order. */
  readonly fields: readonly string[];
  readonly handler: Handler;
  /** Stops the parse workers. */
  close(): Promise<void>;
}

/**
 * Compiles the rules, failing at once (SelectorError / bad regex) with the option named.
 * `parseThreads` worker threads parse pages once parsing loads the calling thread; big pages are
 * always parsed on a thread, and a page over `parseTimeoutMs` fails (see ParsePool).
 * @default parseThreads 0: pages are parsed on the calling thread, which uses the least memory.
 */
export function compileRules(rules: CrawlRules, options: { parseThreads?: number; parseTimeoutMs?: number } = {}): CompiledRules {
  // Compiled once here; a parse worker thread compiles its own copy from the same source
  // (compiled selectors are functions, which cannot cross a thread boundary).
  const compiled = compilePageRules(rules);
  const pool = new ParsePool(compiled, rules, {
    threads: options.parseThreads ?? 0,
    ...(options.parseTimeoutMs !== undefined ? { timeoutMs: options.parseTimeoutMs } : {}),
  });
  // An --item that matches nothing is reported once for the page pattern (--match), not per page.
  let missReported = false;
  const handler: Handler = async (context) => {
    const page = context as PageContext;
    const output = await pool.extract(page.response);
    if (output.items.length > 0) page.push(output.items);
    if (output.itemMissed && !missReported) {
      missReported = true;
      page.log(itemMissMessage(rules, page.response.url));
    }
    page.enqueue(output.links);
  };
  return {
    fields: ['url', ...compiled.extract.map((field) => field.name)],
    handler,
    close: () => pool.close(),
  };
}

function itemMissMessage(rules: CrawlRules, url: string): string {
  const pages = rules.match === undefined ? 'pages' : `pages matching --match ${JSON.stringify(rules.match)}`;
  return `warning: --item ${JSON.stringify(rules.item)} matched nothing on ${url} (further ${pages} where it matches nothing are not reported)`;
}
