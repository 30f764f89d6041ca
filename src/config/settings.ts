// A command's settings, resolved from its layers (highest first):
//
//   flags and -s key=value  ▶  TRAWL_<NAME> variables  ▶  config file  ▶  spider settings  ▶  default
//   (the command line)         (upper snake case)         (trawl.config.json  (trawl run)      (the schema)
//                                                           or --config)
//
// A layer gives values by option name; the highest layer that gives one wins (headers are
// merged name by name, the higher layer winning). Every key is checked against the schema, and a
// key or value that cannot be used is an error naming where it came from (the file, the
// variable) and the key. Two options that conflict (-q, -v) are an error only when given in the
// same layer; otherwise the higher one wins and the other is dropped.
import { ConfigError } from '../errors/config-error.js';
import { OptionError } from '../errors/option-error.js';
import { COMMANDS, envName, flagLabel, kebab, SETTINGS_COMMANDS, type CommandName, type OptionSpec, type OptionValue } from './option-spec.js';
import { findOption, OPTIONS, optionSpec, optionsOf, useOf } from './options/index.js';
import { ValueProblem, valueFromJson, valueFromText } from './parse-value.js';
import { suggest } from './suggest.js';

export type SettingSource = 'flag' | 'env' | 'config' | 'spider' | 'default';
type Level = Exclude<SettingSource, 'default'>;
const LEVELS: readonly Level[] = ['flag', 'env', 'config', 'spider'];

/** Environment variables trawl itself uses that are not settings. */
const INTERNAL_ENV = new Set(['TRAWL_DEBUG', 'TRAWL_TRACE', 'TRAWL_LOCAL_WORKER', 'TRAWL_NO_CODE_CACHE', 'TRAWL_NO_MINIFY']);
const INTERNAL_ENV_PREFIX = 'TRAWL_BENCH_';

/** Library and spider option names that were renamed, for the error that meets an old one. */
const RENAMED: Readonly<Record<string, string>> = {
  delayMs: 'delay',
  maxRetries: 'retries',
  timeoutMs: 'timeout',
  maxDepth: 'depth',
  filesDir: 'dir',
  maxRequestRetries: 'handlerRetries',
  leaseMs: 'leaseTimeout',
  parseTimeoutMs: 'parseTimeout',
  durationSeconds: 'duration',
};

export interface CommandLine {
  /** Options typed on the command line, by option name, as commander gives them. */
  readonly flags: Readonly<Record<string, unknown>>;
  /** `-s key=value` pairs, in order. */
  readonly sets: readonly string[];
}

export interface SettingsInput {
  readonly command: CommandName;
  readonly commandLine: CommandLine;
  /** The environment, when its TRAWL_* variables apply. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A config file's parsed JSON and its name for messages. */
  readonly config?: { readonly file: string; readonly data: unknown };
}

type Layer = Map<string, OptionValue>;

export class Settings {
  readonly command: CommandName;
  readonly #layers: Record<Level, Layer>;
  /** The final values: every option of the command that has a value (given or default). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly #sources: Readonly<Record<string, SettingSource>>;

  constructor(command: CommandName, layers: Record<Level, Layer>) {
    this.command = command;
    this.#layers = layers;
    const values: Record<string, unknown> = {};
    const sources: Record<string, SettingSource> = {};
    for (const spec of optionsOf(command)) {
      const found = this.#pick(spec);
      if (found) {
        values[spec.name] = found.value;
        sources[spec.name] = found.source;
        continue;
      }
      const fallback = useOf(spec, command).default;
      if (fallback !== undefined) {
        values[spec.name] = fallback;
        sources[spec.name] = 'default';
      }
    }
    this.values = values;
    this.#sources = sources;
  }

  /** Where the value of `name` came from; undefined when it has none. */
  source(name: string): SettingSource | undefined {
    return this.#sources[name];
  }

  /** A spider's settings (`trawl run`), between the config file and the defaults. */
  withSpider(settings: unknown, file: string): Settings {
    const layer = jsonLayer(this.command, settings ?? {}, `${file} settings`, { spider: true });
    return new Settings(this.command, { ...this.#layers, spider: layer });
  }

  #pick(spec: OptionSpec): { value: OptionValue; source: SettingSource } | undefined {
    if (spec.kind === 'headers') {
      // Headers add up across layers, name by name; the higher layer wins a name.
      let merged: Record<string, string> | undefined;
      let source: SettingSource | undefined;
      for (const level of [...LEVELS].reverse()) {
        const value = this.#layers[level].get(spec.name) as Record<string, string> | undefined;
        if (value === undefined) continue;
        merged = { ...merged, ...value };
        source = level;
      }
      return merged && source ? { value: merged, source } : undefined;
    }
    for (const level of LEVELS) {
      const value = this.#layers[level].get(spec.name);
      if (value !== undefined) return { value, source: level };
    }
    return undefined;
  }
}

/** Resolves the command line, the environment and a config file for `command`. */
export function resolveSettings(input: SettingsInput): Settings {
  const { command } = input;
  const takesSettings = SETTINGS_COMMANDS.includes(command);
  const layers: Record<Level, Layer> = {
    flag: commandLineLayer(command, input.commandLine),
    env: takesSettings && input.env ? envLayer(command, input.env) : new Map(),
    config: takesSettings && input.config ? jsonLayer(command, input.config.data, input.config.file, { spider: false }) : new Map(),
    spider: new Map(),
  };
  dropConflicts(command, layers, input.config?.file);
  return new Settings(command, layers);
}

function commandLineLayer(command: CommandName, commandLine: CommandLine): Layer {
  const layer: Layer = new Map();
  const fromSets: Layer = new Map();
  for (const pair of commandLine.sets) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    const text = eq > 0 ? pair.slice(eq + 1) : '';
    if (key === '') throw new OptionError('-s', pair, 'expected key=value, e.g. -s per-host=2');
    const spec = findOption(key);
    if (!spec || spec.commands[command] === undefined || spec.name === 'set') {
      // Suggest in the spelling used: per-hots → per-host, perHots → perHost.
      const names = optionsOf(command).filter((s) => s.name !== 'set').map((s) => (key.includes('-') ? kebab(s.name) : s.name));
      const hint = suggest(key, names);
      throw new ConfigError(`-s ${pair}`, undefined, `trawl ${command} has no option ${JSON.stringify(key)}${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    const value = parse(() => valueFromText(useOf(spec, command), text, true), (reason) => new OptionError(`-s ${key}`, text, reason));
    fromSets.set(spec.name, combine(spec, fromSets.get(spec.name), value) ?? value);
  }
  for (const spec of optionsOf(command)) {
    const raw = commandLine.flags[spec.name];
    let value: OptionValue | undefined;
    if (raw !== undefined) {
      const use = useOf(spec, command);
      const label = flagLabel(spec);
      if (Array.isArray(raw)) {
        for (const element of raw as string[]) {
          const one = parse(() => valueFromText(use, element, false), (reason) => new OptionError(label, element, reason));
          value = combine(spec, value, one);
        }
      } else if (typeof raw === 'boolean' && spec.kind === 'string') {
        value = raw; // --no-chart, --no-sweep
      } else if (typeof raw === 'boolean' || typeof raw === 'number') {
        value = raw;
      } else {
        value = parse(() => valueFromText(use, String(raw), false), (reason) => new OptionError(label, raw, reason));
      }
    }
    const set = fromSets.get(spec.name);
    // A flag wins over -s for one value; repeatable options take both.
    const merged = spec.kind === 'list' || spec.kind === 'headers' ? combine(spec, set, value) : (value ?? set);
    if (merged !== undefined) layer.set(spec.name, merged);
  }
  return layer;
}

function envLayer(command: CommandName, env: Readonly<Record<string, string | undefined>>): Layer {
  const layer: Layer = new Map();
  const settable = settableNames();
  for (const [name, text] of Object.entries(env)) {
    // TRAWL_CONFIG names the config file itself (read before the layers are).
    if (!name.startsWith('TRAWL_') || name === 'TRAWL_CONFIG' || text === undefined || INTERNAL_ENV.has(name) || name.startsWith(INTERNAL_ENV_PREFIX)) continue;
    const spec = [...settable.values()].find((s) => envName(s) === name);
    const where = `environment variable ${name}`;
    if (!spec) {
      const hint = suggest(name, [...settable.values()].filter((s) => s.scope !== 'command').map(envName));
      throw new ConfigError(where, undefined, `no such setting${hint ? ` (did you mean ${hint}?)` : ''}`);
    }
    if (spec.scope === 'command') {
      throw new ConfigError(where, undefined, `${flagLabel(spec)} means different things to different commands: give it on the command line or in a command's section of the config file`);
    }
    if (spec.commands[command] === undefined) continue;
    layer.set(spec.name, parse(() => valueFromText(useOf(spec, command), text, true), (reason) => new ConfigError(where, undefined, `${reason} (received ${JSON.stringify(text)})`)));
  }
  return layer;
}

/**
 * A config file's settings, or a spider's. A file may hold top-level settings (for every command
 * that has them) and command sections ({ "get": { "concurrency": 4 } }) that win over them.
 */
function jsonLayer(command: CommandName, data: unknown, source: string, how: { spider: boolean }): Layer {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(source, undefined, how.spider ? 'settings must be an object' : 'expected a JSON object of settings');
  }
  const layer: Layer = new Map();
  const sections: [CommandName, Record<string, unknown>][] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (!how.spider && (COMMANDS as readonly string[]).includes(key)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(source, key, 'a command section must be an object of settings');
      sections.push([key as CommandName, value as Record<string, unknown>]);
      continue;
    }
    const spec = settingFor(key, source, how.spider ? 'run' : undefined);
    if (!how.spider && spec.scope === 'command') {
      throw new ConfigError(source, key, `means different things to different commands: put it in a command's section, e.g. { "${firstCommand(spec)}": { "${spec.name}": … } }`);
    }
    if (spec.commands[command] !== undefined) layer.set(spec.name, jsonValue(command, spec, value, source, key));
  }
  for (const [section, settings] of sections) {
    const where = `${source} ("${section}" section)`;
    for (const [key, value] of Object.entries(settings)) {
      const spec = settingFor(key, where, section);
      if (section === command) layer.set(spec.name, jsonValue(command, spec, value, where, key));
    }
  }
  return layer;
}

/** The setting a file's key names, or an error naming the file and the key. */
function settingFor(key: string, source: string, command: CommandName | undefined): OptionSpec {
  const spec = findOption(key);
  const candidates = command ? optionsOf(command).filter(isSetting) : [...settableNames().values()];
  if (!spec || !candidates.includes(spec)) {
    if (RENAMED[key]) throw new ConfigError(source, key, `renamed: use ${RENAMED[key]}`);
    if (spec?.name === 'config') throw new ConfigError(source, key, 'a config file cannot name another one');
    const known = spec && !isSetting(spec) ? `${flagLabel(spec)} is given on the command line only` : undefined;
    const other = spec && command && isSetting(spec) ? `not a setting of trawl ${command}` : undefined;
    const hint = suggest(key, candidates.map((s) => s.name));
    throw new ConfigError(source, key, known ?? other ?? `no such setting${hint ? ` (did you mean ${hint}?)` : ''}`);
  }
  return spec;
}

function jsonValue(command: CommandName, spec: OptionSpec, value: unknown, source: string, key: string): OptionValue {
  return parse(() => valueFromJson(useOf(spec, command), value), (reason) => new ConfigError(source, key, `${reason} (received ${JSON.stringify(value)})`));
}

function isSetting(spec: OptionSpec): boolean {
  return spec.setting !== false && spec.name !== 'config' && SETTINGS_COMMANDS.some((command) => spec.commands[command] !== undefined);
}

let settable: Map<string, OptionSpec> | undefined;
function settableNames(): Map<string, OptionSpec> {
  settable ??= new Map(OPTIONS.filter(isSetting).map((spec) => [spec.name, spec]));
  return settable;
}

function firstCommand(spec: OptionSpec): string {
  return Object.keys(spec.commands)[0] ?? 'crawl';
}

function combine(spec: OptionSpec, before: OptionValue | undefined, value: OptionValue | undefined): OptionValue | undefined {
  if (before === undefined) return value;
  if (value === undefined) return before;
  if (spec.kind === 'list') return [...(before as string[]), ...(value as string[])];
  if (spec.kind === 'headers') return { ...(before as Record<string, string>), ...(value as Record<string, string>) };
  return value;
}

function parse<T>(run: () => T, fail: (reason: string) => Error): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ValueProblem) throw fail(error.message);
    throw error;
  }
}

/** Conflicting options given in one layer are an error; in different layers the higher wins. */
function dropConflicts(command: CommandName, layers: Record<Level, Layer>, file: string | undefined): void {
  for (const spec of optionsOf(command)) {
    for (const otherName of spec.conflicts ?? []) {
      if (otherName < spec.name) continue; // each pair once
      const other = optionSpec(otherName);
      const level = (name: string): number => {
        const index = LEVELS.findIndex((l) => layers[l].has(name) && isOn(layers[l].get(name)));
        return index < 0 ? LEVELS.length : index;
      };
      const mine = level(spec.name);
      const theirs = level(other.name);
      if (mine === LEVELS.length && theirs === LEVELS.length) continue;
      if (mine === theirs) {
        const where = LEVELS[mine]!;
        if (where === 'flag') throw new OptionError(flagLabel(spec), undefined, `cannot be used with ${flagLabel(other)}`);
        if (where === 'env') throw new ConfigError('environment', undefined, `${envName(spec)} and ${envName(other)} cannot be used together`);
        throw new ConfigError(file ?? 'settings', undefined, `${spec.name} and ${other.name} cannot be used together`);
      }
      const loser = mine < theirs ? other.name : spec.name;
      for (const l of LEVELS) layers[l].delete(loser);
    }
  }
}

/** false, 0 and empty lists do not count as giving a conflicting option. */
function isOn(value: OptionValue | undefined): boolean {
  return value !== undefined && value !== false && value !== 0 && !(Array.isArray(value) && value.length === 0);
}
