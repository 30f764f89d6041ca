// `trawl shell <url>` (Scrapy's shell): fetches one page and opens a node:repl prompt where the
// handler context's tools work on it — `$`, xpath(), get(), getAll(), re(), reFirst(), json(),
// links(), `response`, `text`, `url`, `ctx` — and fetch(url) loads another page. The page is a
// real PageContext, so a selector that works here works the same in a spider.
//
// On a terminal the prompt has line editing and history. From a pipe, lines are fed to the REPL
// one at a time, each after the previous one (awaited results included) has been printed, and
// echoed after the prompt, so a script's transcript reads like a session.
import readline from 'node:readline';
import repl, { type REPLEval, type REPLServer } from 'node:repl';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { isTag, isText, type AnyNode } from 'domhandler';
import { getOuterHTML } from 'domutils';
import { PageContext, type ContextHost } from '../../engine/context.js';
import { SeenUrls } from '../../engine/seen-urls.js';
import { errorMessage, TrawlError } from '../../errors/trawl-error.js';
import { Fetcher } from '../../http/fetcher.js';
import { isXPathAttribute } from '../../parse/xpath-dom.js';
import type { FetchResult } from '../../types/fetch.js';
import { formatBytes } from '../../util/bytes.js';
import { parseHttpUrl } from '../../util/url.js';
import { fetchOptionsFrom } from '../crawl-session.js';

/** Every status is a page to look at: a 404 or 500 page is loaded, not thrown. */
const ALL_STATUSES = Array.from({ length: 200 }, (_, i) => 400 + i);
const NODE_TEXT_LIMIT = 400;

const HELP = `trawl shell: the page is loaded as a handler sees it.
  $                    cheerio over the page: $('h1').text()
  xpath(expr, node?)   XPath 1.0 (nodes, or a string/number/boolean)
  get(sel, node?)      first value of a CSS or XPath selector (::text, ::attr(x), ::re(regex))
  getAll(sel, node?)   every value
  re(regex, sel?)      every match (first group) in the page text, or in a selector's values
  reFirst(regex, sel?) the first one
  json()               the body parsed as JSON
  links(sel?)          the page's links (absolute URLs), or those a selector finds
  response, text, url  the response, its decoded text, its final URL; ctx: the whole context
  fetch(url)           load another page (relative to this one)
  .exit                leave`;

export async function shellCommand(url: string, options: Record<string, unknown>): Promise<number> {
  const first = parseHttpUrl(url, 'URL').href;
  const fetcher = new Fetcher({ ...fetchOptionsFrom(options), concurrency: 4, allowStatus: ALL_STATUSES });
  const load = async (target: string): Promise<PageContext> => {
    const response = await fetcher.fetch({ url: target });
    return pageContext(response);
  };
  let page: PageContext;
  try {
    page = await load(first);
  } catch (error) {
    process.stderr.write(`trawl: ${first}: ${errorMessage(error)}\n`);
    await fetcher.close();
    return 1;
  }
  const colors = options.color !== false && process.stdout.isTTY === true;
  process.stdout.write(`${summary(page.response)}\n${HELP}\n`);
  const server = startRepl(colors, (value) => render(value, page, colors));
  bindPage(server, () => page, async (target) => {
    page = await load(new URL(target, page.response.url).href);
    return summary(page.response);
  });
  await new Promise<void>((resolve) => server.on('exit', () => resolve()));
  if (process.stdout.isTTY !== true) process.stdout.write('\n');
  await fetcher.close();
  return 0;
}

function pageContext(response: FetchResult): PageContext {
  const unavailable = (what: string) => () => Promise.reject(new Error(`${what}() is not available in trawl shell`));
  const host: ContextHost = {
    maxDepth: Number.POSITIVE_INFINITY,
    seen: new SeenUrls(),
    download: unavailable('download'),
    writeFile: unavailable('writeFile'),
    downloadHls: unavailable('downloadHls'),
    log: (message) => process.stdout.write(`${message}\n`),
  };
  const request = { id: 'shell', url: response.redirects[0] ?? response.url, method: 'GET', priority: 0, depth: 0, uniqueKey: 'shell', retries: 0 };
  return new PageContext(request, response, host);
}

function summary(response: FetchResult): string {
  const type = response.headers['content-type'] ?? 'no content type';
  const moved = response.redirects.length > 1 ? ` (redirected from ${response.redirects[0]})` : '';
  return `<${response.status} ${response.url}>${moved} ${type}, ${formatBytes(response.body.length)}`;
}

/** The REPL, reading from stdin: directly on a terminal, line by line (awaiting each) from a pipe. */
function startRepl(colors: boolean, writer: (value: unknown) => string): REPLServer {
  const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const input = terminal ? process.stdin : new PassThrough();
  const server = repl.start({ prompt: 'trawl> ', input, output: process.stdout, terminal, useColors: colors, writer });
  // Results that are promises (fetch(), or anything async) are awaited before they are shown.
  const evaluate = server.eval;
  const awaiting: REPLEval = function (this: REPLServer, code, context, file, callback) {
    evaluate.call(this, code, context, file, (error, result) => {
      if (error === null && isPromise(result)) result.then((value) => callback(null, value), (reason: Error) => callback(reason, undefined));
      else callback(error, result);
    });
  };
  (server as { eval: REPLEval }).eval = awaiting;
  if (!terminal) feedLines(server, input as PassThrough);
  return server;
}

/** Feeds piped lines one at a time: the next goes in once the REPL shows its prompt again. */
function feedLines(server: REPLServer, input: PassThrough): void {
  const lines: string[] = [];
  let ready = true;
  let ended = false;
  const pump = (): void => {
    if (!ready) return;
    const line = lines.shift();
    if (line !== undefined) {
      ready = false;
      process.stdout.write(`${line}\n`);
      input.write(`${line}\n`);
    } else if (ended) {
      input.end();
    }
  };
  const displayPrompt = server.displayPrompt.bind(server);
  server.displayPrompt = (preserveCursor?: boolean) => {
    displayPrompt(preserveCursor);
    ready = true;
    setImmediate(pump);
  };
  const reader = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  reader.on('line', (line) => {
    lines.push(line);
    pump();
  });
  reader.on('close', () => {
    ended = true;
    pump();
  });
}

/** The page's tools as globals of the REPL; they follow the current page after fetch(). */
function bindPage(server: REPLServer, current: () => PageContext, fetchPage: (url: string) => Promise<string>): void {
  const getters: Record<string, () => unknown> = {
    ctx: () => current(),
    response: () => current().response,
    text: () => current().text,
    url: () => current().response.url,
    $: () => current().$,
  };
  for (const [name, get] of Object.entries(getters)) Object.defineProperty(server.context, name, { get, configurable: true });
  const functions: Record<string, (...args: never[]) => unknown> = {
    xpath: (expression: string, node?: AnyNode) => current().xpath(expression, node),
    get: (selector: string, node?: AnyNode) => current().get(selector, node),
    getAll: (selector: string, node?: AnyNode) => current().getAll(selector, node),
    re: (pattern: string | RegExp, selector?: string, node?: AnyNode) => current().re(pattern, selector, node),
    reFirst: (pattern: string | RegExp, selector?: string, node?: AnyNode) => current().reFirst(pattern, selector, node),
    json: () => current().json(),
    links: (selector?: string) => current().document.links(selector),
    fetch: async (url: string) => new ShellNote(await fetchPage(String(url))),
    help: () => new ShellNote(HELP),
  };
  for (const [name, fn] of Object.entries(functions)) {
    Object.defineProperty(server.context, name, { value: fn, writable: true, configurable: true });
  }
}

/** Text the shell shows as it is (a page summary, an error line). */
class ShellNote {
  constructor(readonly text: string) {}
}

/** Nodes as their HTML (cut short), a response as `<status url>`, trawl's errors as one line, the rest as util.inspect does. */
function render(value: unknown, page: PageContext, colors: boolean): string {
  if (value instanceof ShellNote) return value.text;
  // trawl's own errors (a bad selector, a failed fetch, a body that is not JSON) are bad input at
  // the prompt: the REPL shows them through this writer, and their one line says it all.
  if (value instanceof TrawlError) return `${value.code}: ${value.message}`;
  if (value === page.response) return summary(page.response);
  if (isCheerio(value)) return inspect(Array.from({ length: value.length }, (_, i) => nodeText(value[i] as AnyNode)), { colors });
  if (Array.isArray(value) && value.length > 0 && value.every(isNodeLike)) return inspect(value.map(nodeText), { colors, maxArrayLength: 50 });
  if (isNodeLike(value)) return nodeText(value);
  return inspect(value, { colors, depth: 4 });
}

function isNodeLike(value: unknown): value is AnyNode {
  if (typeof value !== 'object' || value === null) return false;
  return isXPathAttribute(value as never) || (typeof (value as AnyNode).type === 'string' && 'parent' in value);
}

function nodeText(node: AnyNode): string {
  if (isXPathAttribute(node as never)) {
    const attribute = node as unknown as { name: string; value: string };
    return `${attribute.name}="${attribute.value}"`;
  }
  const html = isTag(node) || !isText(node) ? getOuterHTML(node, { decodeEntities: false }) : node.data;
  return html.length > NODE_TEXT_LIMIT ? `${html.slice(0, NODE_TEXT_LIMIT)}…` : html;
}

function isCheerio(value: unknown): value is ArrayLike<unknown> & { cheerio: unknown } {
  return typeof value === 'object' && value !== null && 'cheerio' in value && 'length' in value;
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<unknown>).then === 'function';
}
