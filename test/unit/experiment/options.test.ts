import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { parseModeList, parseSweepList, resolveBenchOptions } from '../../../src/experiment/options.js';

function optionError(run: () => unknown): OptionError {
  try {
    run();
  } catch (error) {
    if (error instanceof OptionError) return error;
    throw error;
  }
  throw new Error('no OptionError thrown');
}

describe('--modes', () => {
  it('reads a comma list in the order given, ignoring case and spaces', () => {
    expect(parseModeList('async, Serial')).toEqual(['async', 'serial']);
  });

  it('rejects an unknown mode, naming the option, the mode and the accepted ones', () => {
    const error = optionError(() => parseModeList('serial,threads'));
    expect(error.option).toBe('--modes');
    expect(error.message).toContain('unknown mode "threads"');
    expect(error.message).toContain('serial, pool, async');
    expect(error.message).toContain('"serial,threads"');
  });

  it('rejects an empty list', () => {
    expect(optionError(() => parseModeList(' , ')).option).toBe('--modes');
  });
});

describe('--sweep', () => {
  it('reads whole numbers', () => {
    expect(parseSweepList('1,10, 100,1000')).toEqual([1, 10, 100, 1000]);
  });

  it('reads "none" as no sweep', () => {
    expect(parseSweepList('none')).toEqual([]);
  });

  it.each(['1,ten', '1,0', '2.5', '-3', '1e3'])('rejects %s, naming the bad item', (text) => {
    const error = optionError(() => parseSweepList(text));
    expect(error.option).toBe('--sweep');
    expect(error.message).toMatch(/is not a whole number >= 1/);
  });
});

describe('runBench options', () => {
  it('fills in the defaults: delay 100, all modes, C 100, P 4, N = 5 x C, serial and pool capped at 40', () => {
    const o = resolveBenchOptions({ url: 'http://127.0.0.1:8080/' });
    expect(o).toMatchObject({
      url: 'http://127.0.0.1:8080',
      delayMs: 100,
      modes: ['serial', 'pool', 'async'],
      concurrency: 100,
      pool: 4,
      requests: 500,
      blockingRequests: 40,
      sweep: [1, 10, 100, 1000],
      warmUp: true,
    });
  });

  it('gives serial and pool the same N as async when that is under the cap', () => {
    const o = resolveBenchOptions({ url: 'http://127.0.0.1:1', concurrency: 4 });
    expect(o.requests).toBe(20);
    expect(o.blockingRequests).toBe(20);
  });

  it('sorts the sweep and drops repeated points', () => {
    expect(resolveBenchOptions({ url: 'http://127.0.0.1:1', sweep: [100, 1, 10, 1] }).sweep).toEqual([1, 10, 100]);
  });

  it('rejects unknown keys, non-http URLs, zero concurrency and delays over 60 s, naming the option', () => {
    expect(optionError(() => resolveBenchOptions({ url: 'http://127.0.0.1:1', threads: 2 } as never)).option).toBe('threads');
    expect(optionError(() => resolveBenchOptions({ url: 'ftp://127.0.0.1/' })).option).toBe('url');
    expect(optionError(() => resolveBenchOptions({ url: 'http://127.0.0.1:1', concurrency: 0 })).option).toBe('concurrency');
    expect(optionError(() => resolveBenchOptions({ url: 'http://127.0.0.1:1', delayMs: 60_001 })).option).toBe('delayMs');
    expect(optionError(() => resolveBenchOptions({ url: 'http://127.0.0.1:1', modes: [] })).option).toBe('modes');
  });
});
