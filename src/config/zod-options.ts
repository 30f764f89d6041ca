// zod types for the library's options, made from the options schema: the bounds and defaults
// written once there (src/config/options/) hold for `new Crawler()`, `new Fetcher()`,
// downloadStream() and the CLI alike. Each helper gives a precisely typed zod type, so a library
// module still declares its own object schema (strict, with its other options) around them.
import { z } from 'zod';
import type { CommandName } from './option-spec.js';
import { optionDefault, optionSpec, useOf } from './options/index.js';

/** A whole-number option with the schema's bounds. */
export function zInt(name: string, command?: CommandName): z.ZodNumber {
  const use = useOf(optionSpec(name), command);
  let type = z.number().int();
  if (use.min !== undefined) type = type.min(use.min);
  if (use.max !== undefined) type = type.max(use.max);
  return type;
}

/** A number option with the schema's bounds. */
export function zNumber(name: string, command?: CommandName): z.ZodNumber {
  const use = useOf(optionSpec(name), command);
  let type = z.number();
  if (use.min !== undefined) type = type.min(use.min);
  if (use.max !== undefined) type = type.max(use.max);
  return type;
}

/** A choice option: one of the schema's choices. */
export function zChoice<T extends string>(name: string): z.ZodType<T> {
  const choices = optionSpec(name).choices ?? [];
  return z.enum(choices as [string, ...string[]]) as unknown as z.ZodType<T>;
}

/** The schema's default of `name` (for `command`), typed for a zod .default(). */
export function defaultOf<T>(name: string, command?: CommandName): T {
  return optionDefault(name, command) as T;
}
