// Validates an options object once, at a public boundary, and turns the first problem into an
// OptionError that names the option (with its owner's prefix) and the value received.
import type { z } from 'zod';
import { OptionError } from '../errors/option-error.js';

export function validateOptions<S extends z.ZodType>(schema: S, value: unknown, owner: string): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new OptionError(owner, value, 'invalid options');
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    throw new OptionError(`${owner}.${key}`, readPath(value, [...issue.path, key]), 'unknown option');
  }
  const name = [owner, ...issue.path.map(String)].join('.');
  throw new OptionError(name, readPath(value, issue.path), issue.message);
}

function readPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
