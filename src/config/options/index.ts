// trawl's options schema: every option of every command, declared once (see ../option-spec.ts
// for what an entry holds). The CLI builds its flags and help from it (src/cli/flags.ts), the
// settings layers resolve against it (../settings.ts), and the library takes its defaults and
// validation from it (../zod-options.ts).
import { COMMANDS, kebab, longFlag, type CommandName, type CommandUse, type OptionSpec, type OptionValue } from '../option-spec.js';
import { CRAWL_OPTIONS, JOB_OPTIONS } from './crawl.js';
import { GENERAL_OPTIONS } from './general.js';
import { BROWSER_OPTIONS, FILE_OPTIONS, STREAM_OPTIONS } from './media.js';
import { NETWORK_OPTIONS, REQUEST_OPTIONS } from './requests.js';
import { TOOL_OPTIONS } from './tools.js';

export const OPTIONS: readonly OptionSpec[] = [
  ...GENERAL_OPTIONS,
  ...REQUEST_OPTIONS,
  ...NETWORK_OPTIONS,
  ...CRAWL_OPTIONS,
  ...JOB_OPTIONS,
  ...BROWSER_OPTIONS,
  ...FILE_OPTIONS,
  ...STREAM_OPTIONS,
  ...TOOL_OPTIONS,
];

const BY_NAME = new Map(OPTIONS.map((spec) => [spec.name, spec]));
/** Every spelling a key may take in -s, a config file or a spider's settings. */
const BY_KEY = new Map<string, OptionSpec>();
for (const spec of OPTIONS) {
  for (const key of [spec.name, kebab(spec.name), longFlag(spec)]) BY_KEY.set(key, spec);
}

export function optionSpec(name: string): OptionSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`no option named ${name} in the schema`);
  return spec;
}

/** The option a key names: perHost, per-host, or a repeatable flag's singular (header). */
export function findOption(key: string): OptionSpec | undefined {
  return BY_KEY.get(key.replace(/^--?/, ''));
}

/** The options of one command, in schema order. */
export function optionsOf(command: CommandName): OptionSpec[] {
  return OPTIONS.filter((spec) => spec.commands[command] !== undefined);
}

/** The option as `command` uses it: its entry with the command's help, default and bounds. */
export interface ResolvedUse {
  readonly spec: OptionSpec;
  readonly help: string;
  readonly default: OptionValue | undefined;
  readonly defaultText: string | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

export function useOf(spec: OptionSpec, command: CommandName | undefined): ResolvedUse {
  const use: CommandUse = (command && spec.commands[command]) || {};
  const fallback = use.noDefault ? undefined : spec.default;
  return {
    spec,
    help: use.help ?? spec.help,
    default: use.default ?? fallback,
    defaultText: use.defaultText ?? (use.default === undefined ? spec.defaultText : undefined),
    min: use.min ?? spec.min,
    max: use.max ?? spec.max,
  };
}

/**
 * The default of option `name` for `command` (or the option's own): the one place a default is
 * written, read by the CLI's help and values and by the library's options.
 */
export function optionDefault<T extends OptionValue>(name: string, command?: CommandName): T {
  const value = useOf(optionSpec(name), command).default;
  if (value === undefined) throw new Error(`option ${name} has no default${command ? ` in ${command}` : ''}`);
  return value as T;
}

/** The commands that take option `name`. */
export function commandsOf(spec: OptionSpec): CommandName[] {
  return COMMANDS.filter((command) => spec.commands[command] !== undefined);
}
