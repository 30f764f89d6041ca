// Declarative crawling (`trawl crawl --follow --match --extract`) compiled to an ordinary
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
 * `parseThreads` worker threads parse pages once parsing loads the calling thread.
 * @default parseThreads 0: pages are parsed on the calling thread, which uses the least memory.
 */
export function compileRules(rules: CrawlRules, options: { parseThreads?: number } = {}): CompiledRules {
  // Compiled once here; a parse worker thread compiles its own copy from the same source
  // (compiled selectors are functions, which cannot cross a thread boundary).
  const compiled = compilePageRules(rules);
  const pool = new ParsePool(compiled, rules, options.parseThreads ?? 0);
  const handler: Handler = async (context) => {
    const page = context as PageContext;
    const output = await pool.extract(page.response);
    if (output.item) page.push(output.item);
    page.enqueue(output.links);
  };
  return {
    fields: ['url', ...compiled.extract.map((field) => field.name)],
    handler,
    close: () => pool.close(),
  };
}
