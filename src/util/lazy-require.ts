// Loads a dependency the first time it is needed instead of at start-up. Heavy packages that
// most runs never touch (cheerio for `$`, tough-cookie before the first Set-Cookie, robots-parser,
// the XPath engine, undici's proxy agent) stay out of the process's start-up time and memory.
// They are resolved from node_modules at run time (not bundled), which is why this goes through
// require rather than import().
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** A function that loads `specifier` on its first call and returns the same module after. */
export function lazyRequire<T>(specifier: string): () => T {
  let module: T | undefined;
  return () => {
    module ??= load(specifier) as T;
    return module;
  };
}
