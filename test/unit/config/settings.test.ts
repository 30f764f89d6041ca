// A command's settings from their layers: the command line (flags and -s), TRAWL_* variables,
// a config file, a spider's settings and the schema's defaults — the precedence, the spellings
// a key may take, and the errors that name where a bad key or value came from.
import { describe, expect, it } from 'vitest';
import { resolveSettings, type SettingsInput } from '../../../src/config/settings.js';
import { ConfigError, OptionError } from '../../../src/errors/index.js';

function settings(input: Partial<SettingsInput> & { flags?: Record<string, unknown>; sets?: string[] } = {}) {
  return resolveSettings({
    command: input.command ?? 'crawl',
    commandLine: { flags: input.flags ?? {}, sets: input.sets ?? [] },
    ...(input.env ? { env: input.env } : {}),
    ...(input.config ? { config: input.config } : {}),
  });
}

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('nothing was thrown');
}

const config = (data: unknown) => ({ file: 'trawl.config.json', data });

describe('settings precedence', () => {
  it('takes a flag over a TRAWL_ variable, the variable over the config file, the file over the default', () => {
    expect(settings().values.perHost).toBeUndefined(); // crawl computes it from -c
    expect(settings().values.delay).toBe(0);
    expect(settings({ config: config({ delay: 30 }) }).values.delay).toBe(30);
    expect(settings({ config: config({ delay: 30 }), env: { TRAWL_DELAY: '20' } }).values.delay).toBe(20);
    const all = settings({ config: config({ delay: 30 }), env: { TRAWL_DELAY: '20' }, flags: { delay: '10' } });
    expect(all.values.delay).toBe(10);
    expect(all.source('delay')).toBe('flag');
  });

  it("puts a spider's settings between the config file and the defaults", () => {
    const bare = settings({ command: 'run' });
    expect(bare.withSpider({ concurrency: 4 }, 'spider.ts').values.concurrency).toBe(4);
    const configured = settings({ command: 'run', config: config({ concurrency: 6 }) }).withSpider({ concurrency: 4 }, 'spider.ts');
    expect(configured.values.concurrency).toBe(6);
    expect(configured.source('concurrency')).toBe('config');
    expect(settings({ command: 'run', flags: { concurrency: '2' } }).withSpider({ concurrency: 4 }, 'spider.ts').values.concurrency).toBe(2);
  });

  it('adds headers up across the layers, the higher layer winning a name', () => {
    const resolved = settings({ command: 'run', config: config({ headers: { Referer: 'config', 'X-A': 'a' } }), flags: { headers: ['referer: flag'] } })
      .withSpider({ headers: { 'X-Spider': 's', 'X-A': 'spider' } }, 'spider.ts');
    expect(resolved.values.headers).toEqual({ referer: 'flag', 'x-a': 'a', 'x-spider': 's' });
  });

  it("lets a config file's command section win over its top level, for that command only", () => {
    const file = config({ concurrency: 32, get: { concurrency: 4 } });
    expect(settings({ command: 'get', config: file }).values.concurrency).toBe(4);
    expect(settings({ command: 'crawl', config: file }).values.concurrency).toBe(32);
  });
});

describe('setting keys', () => {
  it('takes -s with the name, its kebab-case flag, or a repeatable flag in the singular', () => {
    expect(settings({ sets: ['per-host=2'] }).values.perHost).toBe(2);
    expect(settings({ sets: ['perHost=3'] }).values.perHost).toBe(3);
    expect(settings({ sets: ['header=Referer: x', 'headers=X-B: y'] }).values.headers).toEqual({ referer: 'x', 'x-b': 'y' });
  });

  it('lets a flag win over -s for one value, and adds both up for a repeatable option', () => {
    expect(settings({ sets: ['delay=5'], flags: { delay: '7' } }).values.delay).toBe(7);
    expect(settings({ sets: ['allow-host=a.example'], flags: { allowHosts: ['b.example'] } }).values.allowHosts).toEqual(['a.example', 'b.example']);
  });

  it('reads TRAWL_ variables in upper snake case, a list as one value or a JSON array', () => {
    const resolved = settings({ env: { TRAWL_PER_HOST: '2', TRAWL_ALLOW_HOSTS: '["a.example","b.example"]', TRAWL_AUTO_THROTTLE: 'yes', PATH: '/bin' } });
    expect(resolved.values.perHost).toBe(2);
    expect(resolved.values.allowHosts).toEqual(['a.example', 'b.example']);
    expect(resolved.values.autoThrottle).toBe(true);
  });

  it("ignores a known setting another command has, and trawl's own variables", () => {
    const resolved = settings({ command: 'crawl', env: { TRAWL_SPLIT: '4', TRAWL_DEBUG: '1', TRAWL_LOCAL_WORKER: '1' }, config: config({ split: 8 }) });
    expect(resolved.values.split).toBeUndefined();
  });
});

describe('bad settings', () => {
  it('names the config file and the unknown key, with the closest known one', () => {
    const error = failure(() => settings({ config: config({ perHots: 2 }) }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('trawl.config.json: perHots: no such setting (did you mean perHost?)');
  });

  it('names an unknown key inside a command section, and a section of an unknown shape', () => {
    expect(failure(() => settings({ command: 'crawl', config: config({ get: { splitt: 2 } }) })).message).toBe(
      'trawl.config.json ("get" section): splitt: no such setting (did you mean split?)',
    );
    expect(failure(() => settings({ config: config({ get: 3 }) })).message).toMatch(/^trawl\.config\.json: get: a command section must be an object/);
  });

  it('names an unknown TRAWL_ variable', () => {
    const error = failure(() => settings({ env: { TRAWL_PER_HOTS: '2' } }));
    expect(error.message).toBe('environment variable TRAWL_PER_HOTS: no such setting (did you mean TRAWL_PER_HOST?)');
  });

  it('names an unknown -s key, and a -s value the option cannot take', () => {
    expect(failure(() => settings({ sets: ['per-hots=2'] })).message).toMatch(/^-s per-hots=2: trawl crawl has no option "per-hots" \(did you mean per-host\?\)/);
    const bad = failure(() => settings({ sets: ['per-host=none'] }));
    expect(bad).toBeInstanceOf(OptionError);
    expect(bad.message).toBe('option -s per-host: expected a whole number >= 1 (received "none")');
  });

  it('names the source of a bad value: the flag, the variable, the file and key', () => {
    expect(failure(() => settings({ flags: { concurrency: '0' } })).message).toBe('option -c: expected a whole number >= 1 (received "0")');
    expect(failure(() => settings({ env: { TRAWL_DELAY: 'soon' } })).message).toBe('environment variable TRAWL_DELAY: expected a whole number >= 0 (received "soon")');
    expect(failure(() => settings({ config: config({ robots: 'yes' }) })).message).toBe('trawl.config.json: robots: expected true or false (received "yes")');
  });

  it('refuses at a config file\'s top level an option whose meaning differs by command', () => {
    expect(failure(() => settings({ config: config({ output: 'items.jsonl' }) })).message).toMatch(/^trawl\.config\.json: output: means different things to different commands/);
    expect(settings({ config: config({ crawl: { output: 'items.jsonl' } }) }).values.output).toBe('items.jsonl');
  });

  it("names a spider's renamed setting with its new name", () => {
    expect(failure(() => settings({ command: 'run' }).withSpider({ delayMs: 100 }, 'spider.ts')).message).toBe('spider.ts settings: delayMs: renamed: use delay');
  });

  it('refuses -q and -v given together, and lets the command line win over a file for either', () => {
    expect(failure(() => settings({ flags: { quiet: true, verbose: 1 } })).message).toBe('option -q: cannot be used with -v');
    const resolved = settings({ config: config({ quiet: true }), flags: { verbose: 1 } });
    expect(resolved.values.verbose).toBe(1);
    expect(resolved.values.quiet).toBeUndefined();
  });
});
