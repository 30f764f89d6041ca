// Validates an options object once, at a public boundary, and turns the first problem into an
// OptionError that names the option and the value received: "option port: Too big…",
// "option colour: is not an option of startDemoServer". Every options schema goes through here.
import type { z } from 'zod';
import { OptionError } from '../errors/option-error.js';

/**
 * Parses `value` with `schema` (a strict object schema). `owner` names what the options are for
 * (e.g. 'startDemoServer'), for the unknown-option message.
 */
export function validateOptions<S extends z.ZodType>(schema: S, value: unknown, owner: string): z.output<S> {
  const input = value ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new OptionError(`${owner} options`, value, 'must be an object');
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new OptionError(`${owner} options`, value, 'invalid options');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    throw new OptionError(key, readPath(input, [key]), `is not an option of ${owner}`);
  }
  const name = issue.path.length > 0 ? issue.path.map(String).join('.') : `${owner} options`;
  throw new OptionError(name, readPath(input, issue.path), issue.message);
}

function readPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
