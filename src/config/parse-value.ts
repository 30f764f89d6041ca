// One option's value, from text (a flag, -s, an environment variable) or from JSON (a config
// file, a spider's settings), to its type; a value it cannot take is a ValueProblem whose
// reason the caller puts in an error naming where the value came from.
import type { OptionValue } from './option-spec.js';
import type { ResolvedUse } from './options/index.js';

export class ValueProblem extends Error {}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** "a, b or c" */
export function orList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * A value given as text. `arrays`: a list may be written as a JSON array (-s, environment
 * variables); a flag's value is always one element.
 */
export function valueFromText(use: ResolvedUse, text: string, arrays: boolean): OptionValue {
  const { spec } = use;
  switch (spec.kind) {
    case 'int':
      return wholeNumber(use, text);
    case 'number':
      return number(use, text);
    case 'choice':
      return choice(use, text);
    case 'boolean':
      return bool(text);
    case 'count': {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word) && word !== '1') return 1;
      if (FALSE.has(word) && word !== '0') return 0;
      return wholeNumber({ ...use, min: 0, max: undefined }, text) as number;
    }
    case 'list':
      return arrays && text.trim().startsWith('[') ? stringArray(parseArray(text)) : [text];
    case 'headers':
      return headers(arrays && text.trim().startsWith('[') ? stringArray(parseArray(text)) : [text]);
    case 'render': {
      const word = text.trim().toLowerCase();
      if (TRUE.has(word) || FALSE.has(word)) return TRUE.has(word);
      return arrays && text.trim().startsWith('[') ? stringArray(parseArray(text)) : text.split(',').map((label) => label.trim()).filter(Boolean);
    }
    default:
      return text;
  }
}

/** A value from a JSON document: numbers as numbers (or numeric text), lists as arrays. */
export function valueFromJson(use: ResolvedUse, value: unknown): OptionValue {
  const { spec } = use;
  switch (spec.kind) {
    case 'int':
    case 'number':
    case 'count':
      if (typeof value === 'number') return valueFromText(use, String(value), false);
      if (typeof value === 'string' && (spec.kind !== 'int' || spec.keywords?.includes(value) || /^\s*[+-]?\d/.test(value))) {
        return valueFromText(use, value, false);
      }
      if (spec.kind === 'count' && typeof value === 'boolean') return value ? 1 : 0;
      throw new ValueProblem(numberExpected(use));
    case 'boolean':
      if (typeof value !== 'boolean') throw new ValueProblem('expected true or false');
      return value;
    case 'render':
      if (typeof value === 'boolean') return value;
      return stringArray(value, 'expected true, false or an array of route labels');
    case 'list':
      return typeof value === 'string' ? [value] : stringArray(value);
    case 'headers':
      if (typeof value === 'string') return headers([value]);
      if (Array.isArray(value)) return headers(stringArray(value));
      if (typeof value === 'object' && value !== null) return headerRecord(value as Record<string, unknown>);
      throw new ValueProblem('expected an object of headers ({ "Referer": "…" }) or "Name: value" lines');
    case 'choice':
    case 'string':
      if (typeof value !== 'string') throw new ValueProblem('expected a string');
      return spec.kind === 'choice' ? choice(use, value) : value;
  }
}

function numberExpected(use: ResolvedUse): string {
  const { min, max, spec } = use;
  const what = spec.kind === 'number' ? 'a number' : 'a whole number';
  const keywords = spec.keywords?.length ? `, or ${orList(spec.keywords)}` : '';
  if (min !== undefined && max !== undefined) return `expected ${what} from ${min} to ${max}${keywords}`;
  if (min !== undefined) return `expected ${what} >= ${min}${keywords}`;
  return `expected ${what}${keywords}`;
}

function wholeNumber(use: ResolvedUse, text: string): number | string {
  const trimmed = text.trim();
  if (use.spec.keywords?.includes(trimmed)) return trimmed;
  const value = Number(trimmed);
  if (!/^[+-]?\d+$/.test(trimmed) || !inRange(use, value)) throw new ValueProblem(numberExpected(use));
  return value;
}

function number(use: ResolvedUse, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || !inRange(use, value)) throw new ValueProblem(numberExpected(use));
  return value;
}

function inRange(use: ResolvedUse, value: number): boolean {
  return (use.min === undefined || value >= use.min) && (use.max === undefined || value <= use.max);
}

function choice(use: ResolvedUse, text: string): string {
  const choices = use.spec.choices ?? [];
  const chosen = choices.find((choice) => choice === text.trim().toLowerCase());
  if (chosen === undefined) throw new ValueProblem(`expected ${orList(choices)}`);
  return chosen;
}

function bool(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  throw new ValueProblem('expected true or false');
}

function parseArray(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValueProblem('expected a JSON array of strings');
  }
}

function stringArray(value: unknown, message = 'expected an array of strings'): string[] {
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) throw new ValueProblem(message);
  return value as string[];
}

/** "Name: value" lines to a header record (names lower-cased; a later line wins). */
export function headers(lines: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) throw new ValueProblem('expected "Name: value"');
    out[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

function headerRecord(record: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string') throw new ValueProblem(`expected header values as strings, with valid names (${JSON.stringify(name)})`);
    out[name.toLowerCase()] = value;
  }
  return out;
}
