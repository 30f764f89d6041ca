// import() for modules outside the bundle (a spider file, tsx). The CLI runs inside a vm.Script
// that bin/trawl.cjs compiles from a V8 code cache, and in Node 20 such a script loses its
// dynamic-import callback ("A dynamic import callback was not specified"); the loader, an
// ordinary module, lends its own import() instead.
type Importer = (specifier: string) => Promise<unknown>;

export function importModule<T = unknown>(specifier: string): Promise<T> {
  const viaLoader = (globalThis as { __trawlImport?: Importer }).__trawlImport;
  return (viaLoader ? viaLoader(specifier) : import(specifier)) as Promise<T>;
}
