// The README's option tables, made from the options schema: one table per group, one row per
// option (its setting name, flags, default, commands and help). scripts/options-table.ts writes
// them into README.md and README.zh-CN.md; a test checks the READMEs hold exactly this text.
import { defaultText, flagsOf } from './describe.js';
import { longFlag, SETTINGS_COMMANDS, type OptionGroup, type OptionSpec } from './option-spec.js';
import { commandsOf, OPTIONS } from './options/index.js';

export const TABLE_START = '<!-- options:begin (made by scripts/options-table.ts from src/config/options/) -->';
export const TABLE_END = '<!-- options:end -->';

const GROUPS: readonly { readonly group: OptionGroup; readonly title: string }[] = [
  { group: 'general', title: 'Settings and logs' },
  { group: 'requests', title: 'Requests' },
  { group: 'network', title: 'Proxies, HTTP cache, private networks' },
  { group: 'crawl', title: 'Crawls: start URLs, rules, outputs' },
  { group: 'job', title: 'Jobs and workers' },
  { group: 'browser', title: 'Browser' },
  { group: 'files', title: 'Files (get)' },
  { group: 'streams', title: 'Streams (stream, hls)' },
  { group: 'tools', title: 'bench, serve-demo, demo, shell' },
];

/** Whether -s, a config file and TRAWL_* can set it. */
export function isSettable(spec: OptionSpec): boolean {
  return spec.setting !== false && spec.name !== 'set' && spec.name !== 'config' && commandsOf(spec).some((command) => SETTINGS_COMMANDS.includes(command));
}

export function optionsTable(): string {
  const sections = GROUPS.map(({ group, title }) => {
    const rows = OPTIONS.filter((spec) => spec.group === group).map(row);
    return [`#### ${title}`, '', '| setting | flag | default | commands | what it does |', '|---|---|---|---|---|', ...rows].join('\n');
  });
  return `${TABLE_START}\n${sections.join('\n\n')}\n${TABLE_END}`;
}

function row(spec: OptionSpec): string {
  const commands = commandsOf(spec);
  const flags = [flagsOf(spec), ...(spec.negatable && spec.kind !== 'boolean' ? [`--no-${longFlag(spec)}`] : [])].map((flag) => code(flag)).join(', ');
  return `| ${isSettable(spec) ? code(spec.name) : '(flag only)'} | ${flags} | ${cell(defaults(spec))} | ${commands.join(', ')} | ${cell(spec.help)} |`;
}

/** The most common default, then the commands whose default differs. */
function defaults(spec: OptionSpec): string {
  const byText = new Map<string, string[]>();
  for (const command of commandsOf(spec)) {
    const text = defaultText(spec, command) ?? '';
    byText.set(text, [...(byText.get(text) ?? []), command]);
  }
  const ordered = [...byText].sort((a, b) => b[1].length - a[1].length);
  const [main, ...others] = ordered;
  const rest = others.map(([text, commands]) => `${commands.join(', ')}: ${text || 'none'}`);
  const head = main?.[0] ?? '';
  if (rest.length === 0) return head;
  return head === '' ? rest.join('; ') : `${head} (${rest.join('; ')})`;
}

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
