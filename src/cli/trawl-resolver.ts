// Lets a spider anywhere on disk `import … from 'trawl'`, even when trawl is installed globally
// and no node_modules beside the spider holds it: a module resolve hook maps the bare specifier
// to the running CLI's own library bundle (dist/index.js), so the spider shares the CLI's
// classes (an error it throws is the class the engine checks).
import { existsSync } from 'node:fs';
import Module, { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOOK = `
let target;
export function initialize(data) { target = data.target; }
export async function resolve(specifier, context, next) {
  if (specifier === 'trawl') return { url: target, shortCircuit: true };
  return next(specifier, context);
}`;

let registered = false;

/** Registers the hook once; does nothing when running from source (no built bundle). */
export function resolveTrawlToThisBundle(): void {
  if (registered) return;
  registered = true;
  const index = libraryBundle();
  if (!index) return;
  // ESM spiders (import) go through a resolve hook…
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { target: pathToFileURL(index).href } });
  // …and a .ts spider outside an ESM package is compiled to CommonJS, whose require() those hooks
  // do not see in Node 20: map the name in CommonJS resolution too (the approach of module-alias;
  // Node >= 20.19 can require() the ESM bundle).
  const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolveFilename(this: unknown, request: string, ...rest: unknown[]): string {
    return request === 'trawl' ? index : original.call(this, request, ...rest);
  };
}

function libraryBundle(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.cjs') && !here.endsWith('.js')) return undefined;
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    const candidate = join(dir, 'index.js');
    if (existsSync(candidate) && existsSync(join(dir, 'cli.cjs'))) return candidate;
  }
  return undefined;
}
