// Values the options schema cannot check alone (a whole number for bench's own checks, --extract
// pairs), with errors that name the option and the value.
import { OptionError } from '../errors/option-error.js';

export function intOption(name: string, value: unknown, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const number = Number(text);
  if (text === '' || !Number.isInteger(number) || number < min) {
    throw new OptionError(name, value, `expected a whole number >= ${min}`);
  }
  return number;
}

/** `--extract name=selector` to pairs; the name must be a plain identifier-like word. */
export function extractOption(values: unknown): { name: string; selector: string }[] {
  return ((values as string[] | undefined) ?? []).map((value) => {
    const eq = value.indexOf('=');
    const name = eq > 0 ? value.slice(0, eq).trim() : '';
    const selector = eq > 0 ? value.slice(eq + 1).trim() : '';
    if (!/^[\p{L}_][\p{L}\p{N}_-]*$/u.test(name) || selector === '') {
      throw new OptionError('--extract', value, 'expected name=selector');
    }
    if (name === 'url') throw new OptionError('--extract', value, '"url" is always the page URL; pick another name');
    return { name, selector };
  });
}
