// Declares `trawl try` and `trawl shell`, the commands for trying selectors on one page (their
// options come from the schema); the work itself is imported only when they run.
import type { Command } from 'commander';
import { commandSettings } from './command-settings.js';
import { addSchemaOptions } from './flags.js';

export function defineInspectCommands(program: Command): void {
  addSchemaOptions(
    program
      .command('try')
      .description("print the items (JSON lines) that crawl's --item/--extract rules give on one page, and with --links the links it would follow")
      .argument('<url>', 'the page (http or https)'),
    'try',
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
    .action(async (url: string, _flags: unknown, command: Command) => {
      const options = commandSettings(command, 'try');
      const { tryCommand } = await import('./commands/try.js');
      process.exitCode = await tryCommand(url, options);
    });

  addSchemaOptions(
    program
      .command('shell')
      .description("fetch one page and try selectors on it at a prompt, as Scrapy's shell: $, xpath(), get(), getAll(), re(), json(), fetch(url)")
      .argument('<url>', 'the page (http or https)'),
    'shell',
  )
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
    .action(async (url: string, _flags: unknown, command: Command) => {
      const options = commandSettings(command, 'shell');
      const { shellCommand } = await import('./commands/shell.js');
      process.exitCode = await shellCommand(url, options);
    });
}
