// `trawl run <spider>`: loads a spider module (TypeScript through tsx, no build step) and runs
// it with the same engine, job and output handling as `trawl crawl`.
import { SpiderLoadError } from '../../errors/spider-load-error.js';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync, readFileSync } from 'node:fs';
import { spiderRouter, type SpiderDefinition } from '../../engine/spider.js';
import { errorMessage } from '../../errors/trawl-error.js';
import { toCrawlRequest } from '../../engine/requests.js';
import { parseHttpUrl } from '../../util/url.js';
import { fetchOptionsFrom } from '../crawl-session.js';
import { crawlScopeFrom } from '../crawl-scope.js';
import { itemsOutput } from '../stdout-sink.js';
import { renderChoiceFrom } from '../render-setup.js';
import { digest } from '../job-settings.js';
import { runOwner, withFetcher } from '../owner.js';
import { resolveTrawlToThisBundle } from '../trawl-resolver.js';
import { importModule } from '../../util/dynamic-import.js';
import { withSpiderSettings } from '../command-settings.js';
import { logSettingsFrom } from '../log/log-settings.js';

export async function runCommand(file: string, commandLine: Record<string, unknown>): Promise<number> {
  logSettingsFrom(commandLine);
  const spider = await loadSpider(file);
  // The spider's settings sit under the command line, the environment and the config file.
  const options = withSpiderSettings(commandLine, spider.settings ?? {}, file);
  logSettingsFrom(options);
  const fetch = fetchOptionsFrom(options);
  const fields = options.fields as string[] | undefined;
  const sinkOutput = itemsOutput(options.output, options.format, { bom: options.bom === true, ...(fields ? { columns: fields } : {}) });

  let demo: { url: string; close(): Promise<void> } | undefined;
  if (options.demo === true) {
    const { startDemoServer } = await import('../../demo/index.js');
    demo = await startDemoServer({ port: 0 });
  }
  try {
    const base = demo?.url ?? parseHttpUrl(String(options.base), '--base').href.replace(/\/$/, '');
    const starts = spider.start ? await spider.start({ base }) : (spider.startUrls ?? []);
    const requests = starts.map((input, index) => toCrawlRequest(input, { depth: 0, base: `${base}/`, place: `${file}: start URL ${index + 1}` }));
    const scope = crawlScopeFrom(options, { sitemaps: spider.sitemaps ?? [], base });
    const guarded = scope.guard(fetch);
    const render = renderChoiceFrom(options);
    const path = resolve(file);
    const filesDir = resolve(String(options.dir));
    // The spider's name is its job's when --job is absent; not with --demo, whose site lives for
    // this run only (a throwaway port): nothing there to resume later.
    const defaultJob = demo === undefined ? defaultJobName(spider.name) : undefined;
    return await runOwner({
      options,
      what: { kind: 'spider', file: basename(path), name: spider.name ?? basename(path), hash: spiderHash(path) },
      ...(defaultJob !== undefined ? { defaultJob } : {}),
      router: spiderRouter(spider),
      starts: requests,
      fetch: guarded,
      output: sinkOutput,
      hosts: scope.hosts,
      hostPatterns: { allow: scope.allowHosts, deny: scope.denyHosts },
      beforeStart: scope.sitemaps.length === 0 ? undefined : (frontier) => withFetcher(guarded, (fetcher) => scope.addSitemapStarts(frontier, fetcher, options.quiet === true)),
      ...(fields ? { fields } : {}),
      maxPages: options.maxPages as number | undefined,
      maxDepth: options.depth as number | undefined,
      maxRequestRetries: options.handlerRetries as number,
      filesDir,
      ...(render ? { render } : {}),
      workerArgs: [path, '-d', filesDir],
    });
  } finally {
    await demo?.close();
  }
}

/**
 * A spider's name as a job name (letters, digits, "_", "-", "."; other runs of characters become
 * "-"), or undefined when nothing of it is left.
 */
export function defaultJobName(name: string | undefined): string | undefined {
  const safe = (name ?? '').replace(/[^\w.-]+/g, '-').replace(/^[.-]+|-+$/g, '');
  return safe === '' ? undefined : safe;
}

/** What identifies a spider across machines: its file's content. */
export function spiderHash(path: string): string {
  return digest(readFileSync(path, 'utf8'));
}

export async function loadSpider(file: string): Promise<SpiderDefinition> {
  const path = resolve(file);
  if (!existsSync(path)) throw new SpiderLoadError(file, '', 'no such spider file');
  let module: { default?: unknown };
  resolveTrawlToThisBundle();
  try {
    if (/\.[cm]?tsx?$/.test(path)) {
      const { tsImport } = await importModule<typeof import('tsx/esm/api')>('tsx/esm/api');
      module = (await tsImport(pathToFileURL(path).href, import.meta.url)) as { default?: unknown };
    } else {
      module = await importModule<{ default?: unknown }>(pathToFileURL(path).href);
    }
  } catch (error) {
    throw new SpiderLoadError(file, '', `cannot load the spider: ${firstLine(errorMessage(error))}`, { cause: error });
  }
  let spider = (module.default ?? module) as SpiderDefinition;
  // A .ts file outside an ESM package loads as CommonJS: its `export default` arrives one level down.
  if (!isSpider(spider) && typeof spider === 'object' && spider !== null && 'default' in spider) {
    spider = (spider as { default: SpiderDefinition }).default;
  }
  if (!isSpider(spider)) {
    throw new SpiderLoadError(file, '', 'the default export must be a spider: defineSpider({ startUrls, handler | routes })');
  }
  return spider;
}

function isSpider(value: unknown): value is SpiderDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const spider = value as SpiderDefinition;
  return typeof spider.handler === 'function' || (typeof spider.routes === 'object' && spider.routes !== null);
}

/** The line that says what is wrong; esbuild puts "file:line:col: ERROR: …" under a heading. */
function firstLine(text: string): string {
  const lines = text.split('\n');
  if (/^Transform failed with \d+ errors?:$/.test(lines[0] ?? '') && lines[1]) return lines[1].trim();
  return lines[0] ?? text;
}
