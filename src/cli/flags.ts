// A command's commander options, made from the options schema (src/config/options/): the flags,
// the help text with the one default, and a paragraph on settings. No commander defaults are
// set: what was not typed stays unset, and the settings layers fill it (./command-settings.ts).
import { Option, type Command } from 'commander';
import { flagsOf, helpOf } from '../config/describe.js';
import { longFlag, SETTINGS_COMMANDS, type CommandName, type OptionGroup, type OptionSpec } from '../config/option-spec.js';
import { optionsOf } from '../config/options/index.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function increase(_value: string, previous: number | undefined): number {
  return (previous ?? 0) + 1;
}

/** The order of options in help: what the command is about first, the general ones last. */
const GROUP_ORDER: readonly OptionGroup[] = ['crawl', 'files', 'streams', 'tools', 'job', 'requests', 'network', 'browser', 'general'];

/** The commander attribute an option's value lands under (camelCase of its long flag). */
export function attributeOf(spec: OptionSpec): string {
  return longFlag(spec).replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Adds every option the schema gives `name` to `command`, the general ones (settings, -q, -v…)
 * last, and the settings paragraph to its help (call before the command's own help text, which
 * ends with examples and exit codes).
 */
export function addSchemaOptions(command: Command, name: CommandName): Command {
  const specs = optionsOf(name);
  const ordered = GROUP_ORDER.flatMap((group) => specs.filter((spec) => spec.group === group));
  for (const spec of ordered) {
    const option = new Option(flagsOf(spec), helpOf(spec, name));
    if (spec.kind === 'list' || spec.kind === 'headers') option.argParser(collect);
    if (spec.kind === 'count') option.argParser(increase);
    command.addOption(option);
    if (spec.negatable && spec.kind !== 'boolean') {
      command.addOption(new Option(`--no-${longFlag(spec)}`, spec.negatedHelp ?? `no ${longFlag(spec)}`));
    }
  }
  if (SETTINGS_COMMANDS.includes(name)) command.addHelpText('after', settingsHelp(name));
  return command;
}

export function settingsHelp(name: CommandName): string {
  const specs = optionsOf(name).filter((spec) => spec.name !== 'set' && spec.name !== 'config');
  const flagOnly = specs.filter((spec) => spec.setting === false).map((spec) => flagsOf(spec).split(' ')[0]!.replace(/,$/, ''));
  const sectionOnly = specs.filter((spec) => spec.setting !== false && spec.scope === 'command').map((spec) => flagsOf(spec).split(' ')[0]!.replace(/,$/, ''));
  const spider = name === 'run' ? " > the spider's settings" : '';
  const notes = [
    flagOnly.length > 0 ? `Only as flags or -s: ${flagOnly.join(', ')}.` : '',
    sectionOnly.length > 0 ? `Not from the environment, and in a config file only in its "${name}" section: ${sectionOnly.join(', ')}.` : '',
  ].filter(Boolean);
  return [
    '',
    'Settings: every option above can also be given as -s name=value (-s per-host=2), in a JSON',
    `config file (trawl.config.json in the current folder, or --config <file>: { "perHost": 2,`,
    `"${name}": { … } }) and as an environment variable TRAWL_<NAME> (TRAWL_PER_HOST=2).`,
    ...notes,
    `Precedence: flag > environment > config file${spider} > default.`,
  ].join('\n');
}
