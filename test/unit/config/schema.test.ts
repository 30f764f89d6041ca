// The options schema is the one place each option is declared: no command has two options on one
// flag, every default is a value its option accepts, and the library's options (Fetcher, stream
// and file downloads, spiders' settings) take their names, bounds and defaults from it.
import { describe, expect, it } from 'vitest';
import { flagsOf } from '../../../src/config/describe.js';
import { COMMANDS, envName, longFlag } from '../../../src/config/option-spec.js';
import { OPTIONS, optionDefault, optionsOf, useOf } from '../../../src/config/options/index.js';
import { isSettable } from '../../../src/config/options-table.js';
import { valueFromJson } from '../../../src/config/parse-value.js';
import type { SpiderSettings } from '../../../src/engine/spider.js';
import { resolveFetcherOptions } from '../../../src/http/options.js';
import { resolveDownloaderOptions } from '../../../src/media/get/options.js';
import { resolveStreamOptions } from '../../../src/stream/options.js';
import { OptionError } from '../../../src/errors/index.js';

describe('the options schema', () => {
  it('gives no command two options on one flag, short alias or environment variable', () => {
    for (const command of COMMANDS) {
      const specs = optionsOf(command);
      const longs = specs.map(longFlag);
      const shorts = specs.flatMap((spec) => (spec.short ? [spec.short] : []));
      expect(new Set(longs).size, command).toBe(longs.length);
      expect(new Set(shorts).size, command).toBe(shorts.length);
    }
    const envs = OPTIONS.map(envName);
    expect(new Set(envs).size).toBe(envs.length);
  });

  it('derives each flag from the name: kebab-case, a repeatable one in the singular, --no- for one on by default', () => {
    const flag = (name: string) => flagsOf(OPTIONS.find((spec) => spec.name === name)!);
    expect(flag('perHost')).toBe('--per-host <n>');
    expect(flag('concurrency')).toBe('-c, --concurrency <n>');
    expect(flag('headers')).toBe('-H, --header <header>');
    expect(flag('allowHosts')).toBe('--allow-host <pattern>');
    expect(flag('privateNetworks')).toBe('--no-private-networks');
    expect(envName(OPTIONS.find((spec) => spec.name === 'perHost')!)).toBe('TRAWL_PER_HOST');
  });

  it('holds for every command a default its option accepts', () => {
    for (const spec of OPTIONS) {
      for (const command of COMMANDS) {
        if (!spec.commands[command]) continue;
        const use = useOf(spec, command);
        if (use.default === undefined) continue;
        expect(() => valueFromJson(use, use.default), `${spec.name} in ${command}`).not.toThrow();
      }
    }
  });
});

describe("the library's options", () => {
  it('take the flags\' names and the schema\'s defaults: concurrency, perHost, delay, retries, timeout', () => {
    const fetcher = resolveFetcherOptions(undefined);
    expect(fetcher.concurrency).toBe(optionDefault('concurrency'));
    expect(fetcher.perHost).toBe(optionDefault('perHost'));
    expect(fetcher.delay).toBe(optionDefault('delay'));
    expect(fetcher.retries).toBe(optionDefault('retries'));
    expect(fetcher.timeout).toBe(optionDefault('timeout'));
    expect(fetcher.userAgent).toBe(optionDefault('userAgent'));
    expect(resolveStreamOptions({ url: 'https://example.com/a.m3u8' }, 'downloadStream')).toMatchObject({
      concurrency: optionDefault('concurrency', 'stream'),
      retries: optionDefault('retries'),
      timeoutMs: optionDefault('timeout'),
      variant: optionDefault('variant'),
    });
    expect(resolveDownloaderOptions({})).toMatchObject({ concurrency: optionDefault('concurrency', 'get'), split: optionDefault('split'), dir: optionDefault('dir', 'get') });
  });

  it("check values against the schema's bounds, naming the option", () => {
    expect(() => resolveFetcherOptions({ perHost: 0 })).toThrow(OptionError);
    expect(() => resolveFetcherOptions({ perHost: 0 })).toThrow(/option perHost/);
    expect(() => resolveDownloaderOptions({ split: 65 })).toThrow(/option split/);
    expect(() => resolveStreamOptions({ url: 'https://example.com/a.m3u8', concurrency: 257 }, 'downloadStream')).toThrow(/option concurrency/);
  });

  it('split one timeout into the connect, headers and body timeouts, connecting taking at most 10 s', () => {
    expect(resolveFetcherOptions({ timeout: 5000 })).toMatchObject({ connectTimeoutMs: 5000, headersTimeoutMs: 5000, bodyTimeoutMs: 5000 });
    expect(resolveFetcherOptions({ timeout: 60_000 })).toMatchObject({ connectTimeoutMs: 10_000, headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000 });
    expect(resolveFetcherOptions({ timeout: 60_000, bodyTimeoutMs: 0 })).toMatchObject({ bodyTimeoutMs: 0 });
  });

  it("give a spider's settings exactly the settings of trawl run", () => {
    // A key SpiderSettings lacks, or one it has that is missing here, fails the type check.
    const keys = {
      quiet: 1, verbose: 1, logFormat: 1, statsJson: 1, concurrency: 1, perHost: 1, delay: 1, autoThrottle: 1, retries: 1, timeout: 1,
      headers: 1, userAgent: 1, robots: 1, proxy: 1, proxyFile: 1, proxyRotation: 1, cache: 1, cacheMode: 1, privateNetworks: 1,
      output: 1, format: 1, bom: 1, fields: 1, maxPages: 1, depth: 1, handlerRetries: 1, sitemaps: 1, since: 1, allowHosts: 1,
      denyHosts: 1, base: 1, demo: 1, dir: 1, job: 1, force: 1, workers: 1, frontier: 1, leaseTimeout: 1, render: 1, browsers: 1,
      waitFor: 1, browser: 1,
    } satisfies Record<keyof SpiderSettings, 1>;
    const runSettings = optionsOf('run').filter(isSettable).map((spec) => spec.name);
    expect(Object.keys(keys).sort()).toEqual(runSettings.sort());
  });
});
