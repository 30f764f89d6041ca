// The shape of one option in trawl's options schema (src/config/options/): its name, type,
// default, help text and the commands that take it. Everything else is derived from it: the
// flag (kebab-case of the name), the TRAWL_<NAME> environment variable, the commander option,
// the library's zod validation and default, the README tables. Pure data: no imports.

/** Every command, in the order of `trawl --help`. */
export const COMMANDS = ['crawl', 'run', 'worker', 'try', 'shell', 'get', 'stream', 'hls', 'sniff', 'bench', 'jobs', 'jobs rm', 'serve-demo', 'demo'] as const;
export type CommandName = (typeof COMMANDS)[number];

/**
 * Commands whose options may also come from `-s key=value`, a config file and TRAWL_*
 * environment variables. The experiment and the demo take flags only: a project's settings are
 * not meant for them.
 */
export const SETTINGS_COMMANDS: readonly CommandName[] = ['crawl', 'run', 'worker', 'try', 'shell', 'get', 'stream', 'hls', 'sniff'];

/**
 * int, number: `--x <n>`, checked against min/max. string, choice: `--x <arg>`. boolean: `--x`
 * (or `--no-x` when `negatable` and true by default). count: `-v`, `-vv`. list: a repeatable
 * flag; files give an array (or one string). headers: repeatable "Name: value"; files give an
 * object (or lines). render: `--render`; files and spiders may give route labels instead of true.
 */
export type OptionKind = 'int' | 'number' | 'string' | 'choice' | 'boolean' | 'count' | 'list' | 'headers' | 'render';

export type OptionValue = string | number | boolean | readonly string[] | Readonly<Record<string, string>>;

/** How one command uses an option, where it differs from the option's own entry. */
export interface CommandUse {
  readonly help?: string;
  /** This command's default (undefined in `default` means: none, or see `defaultText`). */
  readonly default?: OptionValue;
  /** Says what the default is when code computes it ("the job's", "one per spare core"). */
  readonly defaultText?: string;
  /** Set to drop the option's own default for this command. */
  readonly noDefault?: true;
  readonly min?: number;
  readonly max?: number;
}

export interface OptionSpec {
  /** camelCase: the library option, spider setting and config key. */
  readonly name: string;
  readonly kind: OptionKind;
  /** One-letter alias: 'c' for -c. */
  readonly short?: string;
  /** The flag's argument placeholder: '<n>' shows as `--x <n>`. @default 'value' */
  readonly arg?: string;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** int: words accepted besides whole numbers ('auto'). */
  readonly keywords?: readonly string[];
  readonly default?: OptionValue;
  readonly defaultText?: string;
  /** boolean true by default: the flag is `--no-<name>`; string: `--no-<name>` as well. */
  readonly negatable?: boolean;
  /** The negation's help, for a string option that has one. */
  readonly negatedHelp?: string;
  readonly help: string;
  readonly commands: Readonly<Partial<Record<CommandName, CommandUse>>>;
  /**
   * 'command': what it means differs by command (-o, --match, --force), so it is set per
   * command only: a flag, -s, a command's section of a config file, a spider's settings — never
   * a TRAWL_* variable or a config file's top level.
   */
  readonly scope?: 'command';
  /** false: the command line only (-s, config files and variables cannot set it). */
  readonly setting?: false;
  /** Options that cannot be given together with this one (at the same level of precedence). */
  readonly conflicts?: readonly string[];
  /** Where the README groups it. */
  readonly group: OptionGroup;
}

export type OptionGroup = 'general' | 'requests' | 'network' | 'crawl' | 'job' | 'browser' | 'files' | 'streams' | 'tools';

/** `{ crawl: {}, run: {} }` for options every listed command uses the same way. */
export function on(...commands: CommandName[]): Partial<Record<CommandName, CommandUse>> {
  return Object.fromEntries(commands.map((command) => [command, {}]));
}

/** perHost → per-host */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** perHost → PER_HOST, the part after TRAWL_ of its environment variable. */
export function upperSnake(name: string): string {
  return kebab(name).replace(/-/g, '_').toUpperCase();
}

/**
 * The long flag without its dashes. A repeatable option's flag is its name in the singular,
 * since each use adds one (headers → --header, allowHosts → --allow-host); an option true by
 * default is turned off with --no-<name>.
 */
export function longFlag(spec: OptionSpec): string {
  let flag = kebab(spec.name);
  if ((spec.kind === 'list' || spec.kind === 'headers') && flag.endsWith('s')) flag = flag.slice(0, -1);
  return flag;
}

/** How messages name the option: its short flag if it has one (-c), else its long flag. */
export function flagLabel(spec: OptionSpec): string {
  if (spec.short) return `-${spec.short}`;
  if (spec.kind === 'boolean' && spec.negatable) return `--no-${longFlag(spec)}`;
  return `--${longFlag(spec)}`;
}

export function envName(spec: OptionSpec): string {
  return `TRAWL_${upperSnake(spec.name)}`;
}
