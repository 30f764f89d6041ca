// What a command runs with: its flags as commander parsed them, -s pairs, TRAWL_* variables and
// the config file (trawl.config.json, or --config), resolved by src/config/settings.ts into one
// object of typed values by option name. Commands read that object; `given()` says whether a
// value was asked for or is the default, and `withSpiderSettings()` adds a spider's settings.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandName } from '../config/option-spec.js';
import { optionsOf } from '../config/options/index.js';
import { resolveSettings, type Settings, type SettingSource } from '../config/settings.js';
import { InputError } from '../errors/input-error.js';
import { parseJson } from '../parse/json.js';
import { attributeOf } from './flags.js';

export const CONFIG_FILE = 'trawl.config.json';

/** Each values object handed to a command, with the settings it came from. */
const ORIGINS = new WeakMap<object, Settings>();

/** Resolves the settings of `command` (named `name`) for its action. */
export function commandSettings(command: Command, name: CommandName): Record<string, unknown> {
  const raw = command.opts();
  const flags: Record<string, unknown> = {};
  for (const spec of optionsOf(name)) {
    const attribute = attributeOf(spec);
    if (command.getOptionValueSource(attribute) === 'cli') flags[spec.name] = raw[attribute];
  }
  // A worker this process started on its own machine takes everything from its job and its
  // arguments: its owner has already applied the environment and the config file.
  const local = process.env.TRAWL_LOCAL_WORKER === '1';
  const sets = (flags.set as string[] | undefined) ?? [];
  const configPath = local ? undefined : configFileOf(flags.config, sets);
  const settings = resolveSettings({
    command: name,
    commandLine: { flags, sets },
    ...(local ? {} : { env: process.env }),
    ...(configPath ? { config: { file: configPath.shown, data: readConfig(configPath) } } : {}),
  });
  return register(settings);
}

/** The options object with a spider's settings under the command line, environment and config file. */
export function withSpiderSettings(options: Record<string, unknown>, spiderSettings: unknown, file: string): Record<string, unknown> {
  const settings = ORIGINS.get(options);
  if (!settings) throw new Error('withSpiderSettings: options not made by commandSettings');
  return register(settings.withSpider(spiderSettings, file));
}

/** Whether option `name` was set (flag, variable, config file, spider) rather than defaulted. */
export function given(options: Record<string, unknown>, name: string): boolean {
  const source = sourceOf(options, name);
  return source !== undefined && source !== 'default';
}

export function sourceOf(options: Record<string, unknown>, name: string): SettingSource | undefined {
  const settings = ORIGINS.get(options);
  // An options object made elsewhere (a test, a library caller): set means given.
  if (!settings) return options[name] === undefined ? undefined : 'flag';
  return settings.source(name);
}

function register(settings: Settings): Record<string, unknown> {
  const values = { ...settings.values };
  ORIGINS.set(values, settings);
  return values;
}

/** --config (or -s config=…), else TRAWL_CONFIG, else trawl.config.json here when there is one. */
function configFileOf(flag: unknown, sets: readonly string[]): { path: string; shown: string; named: boolean } | undefined {
  const fromSet = [...sets].reverse().find((pair) => /^\s*config\s*=/.test(pair));
  const named = typeof flag === 'string' ? flag : fromSet ? fromSet.slice(fromSet.indexOf('=') + 1) : process.env.TRAWL_CONFIG;
  if (named !== undefined && named !== '') return { path: resolve(named), shown: named, named: true };
  const local = resolve(CONFIG_FILE);
  return existsSync(local) ? { path: local, shown: CONFIG_FILE, named: false } : undefined;
}

/** The file's JSON; a file that cannot be read or is not JSON is one error with line and column. */
function readConfig(file: { path: string; shown: string }): unknown {
  let text: string;
  try {
    text = readFileSync(file.path, 'utf8');
  } catch (error) {
    throw new InputError(file.shown, '--config', `cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  return parseJson(text, file.shown);
}
