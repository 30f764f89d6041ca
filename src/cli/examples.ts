// Where the bundled example spiders live: examples/ at the root of the trawl package, found by
// walking up from this module (which may be src/cli/ or a chunk under dist/). The build also
// compiles them to dist/examples/*.js, which load without a TypeScript loader.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors/input-error.js';

export function findExamples(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'examples');
    if (existsSync(join(candidate, 'prices.ts')) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new InputError('examples', '', 'the example spiders were not found next to the trawl package');
}

/** The example spider `name`: compiled JavaScript when the build made it, else the TypeScript source. */
export function exampleFile(name: string): string {
  const folder = findExamples();
  const compiled = join(dirname(folder), 'dist', 'examples', `${name}.js`);
  return existsSync(compiled) ? compiled : join(folder, `${name}.ts`);
}
