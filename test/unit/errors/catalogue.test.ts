// The error catalogue: every TRAWL_ERR_* code comes from a class in src/errors/, and instanceof
// holds across two copies of trawl (the library bundle in dist/ beside the sources).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as errors from '../../../src/errors/index.js';

const SRC = fileURLToPath(new URL('../../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

describe('the error catalogue', () => {
  it('has no error code made outside src/errors', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !file.startsWith(join(SRC, 'errors')))
      .filter((file) => /code\s*[:=]\s*'TRAWL_ERR_/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('gives every class one stable code and a brand of its own', () => {
    // Each class's code as its source declares it (one code per class, no code used twice).
    const declared = new Map<string, string>();
    for (const file of sourceFiles(join(SRC, 'errors'))) {
      for (const block of readFileSync(file, 'utf8').split('export class ').slice(1)) {
        const name = /^(\w+)/.exec(block)![1]!;
        const code = /readonly code(?:: string)? = '(TRAWL_ERR_[A-Z_]+)'/.exec(block)?.[1];
        if (code) declared.set(name, code);
      }
    }
    declared.set('InputError', 'TRAWL_ERR_INPUT');
    const owners = new Map<string, string>();
    for (const [name, value] of Object.entries(errors)) {
      if (typeof value !== 'function' || !(value.prototype instanceof errors.TrawlError)) continue;
      expect(Object.hasOwn(value, 'brand'), `${name} has no brand`).toBe(true);
      expect((value as unknown as { brand: string }).brand).toBe(name);
      const code = declared.get(name);
      expect(code, `${name} declares no code`).toBeDefined();
      expect(owners.has(code!), `${code} used by ${owners.get(code!)} and ${name}`).toBe(false);
      owners.set(code!, name);
    }
    expect(owners.size).toBeGreaterThan(20);
  });

  it('recognises an error made by another copy of trawl with instanceof', async () => {
    // The built library: a second, bundled copy of every class.
    const bundle = '../../../dist/index.js';
    const other = (await import(bundle)) as typeof errors;
    const retry = new other.RetryRequestError('again');
    expect(retry).toBeInstanceOf(errors.RetryRequestError);
    expect(retry).toBeInstanceOf(errors.TrawlError);
    expect(retry).not.toBeInstanceOf(errors.CriticalError);
    const unsafe = new other.UnsafePathError('../x', 'out', 'leaves the folder');
    expect(unsafe).toBeInstanceOf(errors.UnsafePathError);
    expect(unsafe).toBeInstanceOf(errors.InputError);
    expect(unsafe.code).toBe('TRAWL_ERR_UNSAFE_PATH');
    expect(new errors.InputError('x', '', 'y')).not.toBeInstanceOf(other.UnsafePathError);
    expect(new Error('plain')).not.toBeInstanceOf(errors.TrawlError);
  });
});
