import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { checkOpenFileLimit, FD_RESERVE, openFileLimit } from '../../../src/experiment/fd-limit.js';
import { resolveBenchOptions } from '../../../src/experiment/options.js';

const options = (over: object) => resolveBenchOptions({ url: 'http://127.0.0.1:1', ...over });
const names = { concurrency: '-c', sweep: '--sweep' };

describe('the open-file limit check', () => {
  it('refuses a concurrency that needs more sockets than the limit, naming the flag and the limit', () => {
    const run = () => checkOpenFileLimit(options({ concurrency: 1000, sweep: [] }), 1024, names);
    expect(run).toThrow(OptionError);
    expect(run).toThrow(/option -c: 1000 connections need about 1068 open files, above this process's limit of 1024/);
  });

  it('refuses a sweep point above the limit even when -c fits', () => {
    expect(() => checkOpenFileLimit(options({ concurrency: 10, sweep: [1, 2000] }), 1024, names)).toThrow(/option --sweep: 2000 connections/);
  });

  it('accepts runs that fit, and ignores async concurrency when async mode is not run', () => {
    expect(() => checkOpenFileLimit(options({ concurrency: 1024 - FD_RESERVE - 4, sweep: [] }), 1024, names)).not.toThrow();
    expect(() => checkOpenFileLimit(options({ modes: ['serial'], concurrency: 5000, sweep: [] }), 1024, names)).not.toThrow();
  });

  it('reads this process limit from /proc on Linux', () => {
    if (process.platform !== 'linux') return;
    expect(openFileLimit()).toBeGreaterThan(0);
  });
});
