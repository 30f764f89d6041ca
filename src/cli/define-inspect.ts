// Declares `trawl try` and `trawl shell`, the commands for trying selectors on one page; the
// work itself is imported only when they run.
import { Option, type Command } from 'commander';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Fetch options both commands take, as `crawl` does. */
function fetchOptions(command: Command): Command {
  return command
    .option('-H, --header <header>', 'extra request header "Name: value" (repeatable)', collect)
    .option('--user-agent <ua>', 'User-Agent header')
    .option('--proxy <url>', 'send requests through this HTTP proxy')
    .option('--timeout <ms>', 'response and body timeout (default: 30000)')
    .option('--retries <n>', 'retries of a failed request: network errors, 408, 429, 5xx (default: 3)');
}

export function defineInspectCommands(program: Command): void {
  fetchOptions(
    program
      .command('try')
      .description("print the items (JSON lines) that crawl's --item/--extract rules give on one page, and with --links the links it would follow")
      .argument('<url>', 'the page (http or https)')
      .option('--item <selector>', 'each element this selects is one item (as in crawl)')
      .option('--extract <name=selector>', 'item field, as in crawl: CSS, XPath, ::text, ::attr(x), ::re(<regex>) (repeatable)', collect)
      .option('--follow <selector>', 'with --links: which links to follow (as in crawl)')
      .option('--links', 'also print the links a crawl would follow from the page, as {"link": url} lines')
      .option('--allow-host <pattern>', 'with --links: hosts links may lead to (as in crawl; repeatable)', collect)
      .option('--deny-host <pattern>', 'with --links: hosts links never lead to (repeatable)', collect),
  )
    .addHelpText(
      'after',
      `
Examples:
  trawl try https://example.com/list/1.shtml --item '//table/tr[position()>1]' --extract 'product=./td[1]/text()' --extract 'price=./td[3]/text()'
  trawl try https://example.com/video_1 --extract 'src=::re(srcUrl="(.*?)",vdoUrl)'
  trawl try https://example.com/ --links --follow '.pager a' | jq -r .link

Exit status: 0 the page was read (even with no items), 1 the page could not be fetched, 2 bad
input (a URL, an option, a selector).`,
    )
    .action(async (url: string, options: Record<string, unknown>) => {
      const { tryCommand } = await import('./commands/try.js');
      process.exitCode = await tryCommand(url, options);
    });

  fetchOptions(
    program
      .command('shell')
      .description("fetch one page and try selectors on it at a prompt, as Scrapy's shell: $, xpath(), get(), getAll(), re(), json(), fetch(url)")
      .argument('<url>', 'the page (http or https)'),
  )
    .addOption(new Option('--no-color', 'no colours in the results (the default when stdout is not a terminal)'))
    .addHelpText(
      'after',
      `
At the prompt: $ (cheerio), xpath(expr), get(sel), getAll(sel), re(regex, sel?), reFirst(regex,
sel?), json(), links(sel?), response, text, url, ctx, fetch(url) to load another page, .exit.
Lines piped in are run one at a time, each result printed before the next line is read.

Examples:
  trawl shell https://example.com/list/1.shtml
  printf '%s\\n' "get('title')" "getAll('//td[1]/text()')" | trawl shell https://example.com/list/1.shtml

Exit status: 0 after .exit or the end of input, 1 the first page could not be fetched, 2 bad
input (a URL, an option).`,
    )
    .action(async (url: string, options: Record<string, unknown>) => {
      const { shellCommand } = await import('./commands/shell.js');
      process.exitCode = await shellCommand(url, options);
    });
}
