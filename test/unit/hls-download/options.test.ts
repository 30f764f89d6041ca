import { describe, expect, it } from 'vitest';
import { OptionError } from '../../../src/errors/index.js';
import { resolveHlsOptions } from '../../../src/hls/download/options.js';

function optionError(input: unknown): OptionError {
  try {
    resolveHlsOptions(input as never);
  } catch (error) {
    return error as OptionError;
  }
  throw new Error('expected an OptionError');
}

describe('downloadHls options', () => {
  it('fills in the documented defaults', () => {
    const options = resolveHlsOptions({ url: 'https://cdn.test/a.m3u8' });
    expect(options).toMatchObject({ variant: 'best', concurrency: 8, retries: 3, allowGaps: false, restart: false, live: false, probe: true, maxBufferBytes: 32 * 1024 * 1024 });
  });

  it('names the option and the value received when one is wrong', () => {
    expect(optionError({ url: 'ftp://cdn.test/a.m3u8' }).message).toMatch(/option url: must be an http:\/\/ or https:\/\/ URL \(received "ftp:/);
    expect(optionError({ url: 'https://cdn.test/a.m3u8', concurrency: 0 }).option).toBe('concurrency');
    expect(optionError({ url: 'https://cdn.test/a.m3u8', key: 'zz' }).message).toMatch(/option key: expected 32 hex digits/);
    expect(optionError({ url: 'https://cdn.test/a.m3u8', proxy: 'socks://x' }).option).toBe('proxy');
  });

  it('rejects keys it does not know', () => {
    const error = optionError({ url: 'https://cdn.test/a.m3u8', quality: 'best' });
    expect(error).toBeInstanceOf(OptionError);
    expect(error.message).toMatch(/option quality: is not an option of downloadHls/);
  });

  it('takes the key and IV as bytes or hex', () => {
    const options = resolveHlsOptions({ url: 'https://cdn.test/a.m3u8', key: new Uint8Array(16).fill(1), iv: '0x000102030405060708090a0b0c0d0e0f' });
    expect(options.key).toEqual(Buffer.alloc(16, 1));
    expect(options.iv?.[15]).toBe(15);
  });
});
