// Every command's --help is made from the options schema: it lists exactly the options the
// schema gives the command, each with the schema's help and its one default.
import { describe, expect, it } from 'vitest';
import { flagsOf, helpOf } from '../../../src/config/describe.js';
import { COMMANDS, longFlag } from '../../../src/config/option-spec.js';
import { optionsOf } from '../../../src/config/options/index.js';
import { runCli } from '../../helpers/cli.js';

const squash = (text: string): string => text.replace(/\s+/g, ' ');

describe('--help', () => {
  it.each(COMMANDS)('of trawl %s lists exactly the options the schema gives it, with their defaults', async (command) => {
    const help = await runCli([...command.split(' '), '--help'], { cwd: process.cwd() });
    expect(help.code).toBe(0);
    const options = help.stdout.slice(help.stdout.indexOf('Options:'));
    const listed = [...options.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z0-9-]*)/gm)].map((match) => match[1]).sort();
    const specs = optionsOf(command);
    const expected = [
      ...specs.map((spec) => flagsOf(spec).replace(/^-\w, /, '').split(' ')[0]!),
      ...specs.filter((spec) => spec.negatable && spec.kind !== 'boolean').map((spec) => `--no-${longFlag(spec)}`),
      '--help',
    ].sort();
    expect(listed).toEqual(expected);
    for (const spec of specs) expect(squash(options)).toContain(squash(`${flagsOf(spec)} ${helpOf(spec, command)}`));
  });
});
