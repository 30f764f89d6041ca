// How an option of the schema reads for people: its flags (`-c, --concurrency <n>`) and its help
// line with the one default. `--help` (src/cli/flags.ts) and the README's option tables
// (./options-table.ts) both say it this way.
import { longFlag, type CommandName, type OptionSpec, type OptionValue } from './option-spec.js';
import { useOf } from './options/index.js';

/** How a default reads. */
export function formatDefault(value: OptionValue): string {
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The flags as help shows them: `-c, --concurrency <n>`, `--no-probe`. */
export function flagsOf(spec: OptionSpec): string {
  const long = longFlag(spec);
  if (spec.kind === 'boolean' && spec.negatable) return `--no-${long}`;
  const short = spec.short ? `-${spec.short}, ` : '';
  const takesValue = spec.kind !== 'boolean' && spec.kind !== 'count' && spec.kind !== 'render';
  return `${short}--${long}${takesValue ? ` ${spec.arg ?? '<value>'}` : ''}`;
}

/** What the default of `spec` in `command` says, if anything (booleans and counts say nothing). */
export function defaultText(spec: OptionSpec, command: CommandName | undefined): string | undefined {
  const use = useOf(spec, command);
  if (use.defaultText !== undefined) return use.defaultText;
  if (use.default === undefined || spec.kind === 'boolean' || spec.kind === 'count') return undefined;
  return formatDefault(use.default);
}

/** The help line of `spec` in `command`, its default at the end. */
export function helpOf(spec: OptionSpec, command: CommandName): string {
  const shown = defaultText(spec, command);
  const help = useOf(spec, command).help;
  return shown === undefined ? help : `${help} (default: ${shown})`;
}
