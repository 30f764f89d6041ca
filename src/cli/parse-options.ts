// Command-line values to typed settings, with errors that name the option and the value.
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

export function floatOption(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (String(value).trim() === '' || Number.isNaN(number) || number < min || number > max) {
    throw new OptionError(name, value, `expected a number from ${min} to ${max}`);
  }
  return number;
}

/** An http(s) URL given as an option (e.g. --proxy): checked here, before any file is touched. */
export function httpUrlOption(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^https?:\/\/[^/]/i.test(text) || !URL.canParse(text)) throw new OptionError(name, value, 'expected an http:// or https:// URL');
  return text;
}

/** `-H "Name: value"` lines to a header record. */
export function headerOption(lines: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of (lines as string[] | undefined) ?? []) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new OptionError('-H', line, 'expected "Name: value"');
    }
    headers[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
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
