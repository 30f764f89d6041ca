// The READMEs stay true to the commands: every option they mention exists in some command's
// --help, and the Chinese README mentions the same commands and options as the English one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const COMMANDS = ['crawl', 'run', 'worker', 'try', 'shell', 'get', 'stream', 'hls', 'sniff', 'bench', 'jobs', 'serve-demo', 'demo'];

function mentions(text: string): { options: Set<string>; commands: Set<string> } {
  const options = new Set(text.match(/(?<![\w-])--[a-z][a-z0-9-]*/g) ?? []);
  const commands = new Set([...text.matchAll(/trawl (crawl|run|worker|try|shell|get|stream|hls|sniff|bench|jobs|serve-demo|demo)\b/g)].map((m) => m[1]!));
  return { options, commands };
}

describe('the READMEs', () => {
  it('mention only options that the commands accept', async () => {
    const helps = await Promise.all(COMMANDS.map((command) => runCli([command, '--help'], { cwd: ROOT })));
    const known = new Set(helps.flatMap((help) => help.stdout.match(/--[a-z][a-z0-9-]*/g) ?? []));
    for (const file of ['README.md', 'README.zh-CN.md']) {
      const { options } = mentions(readFileSync(join(ROOT, file), 'utf8'));
      const unknown = [...options].filter((option) => !known.has(option) && option !== '--help');
      expect(unknown, `${file} mentions options no command has`).toEqual([]);
    }
  });

  it('say the same things in English and in Chinese (same commands and options)', () => {
    const en = mentions(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    const zh = mentions(readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8'));
    expect([...zh.options].sort()).toEqual([...en.options].sort());
    expect([...zh.commands].sort()).toEqual([...en.commands].sort());
  });

  it('link to each other', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').slice(0, 5).join('\n')).toContain('README.zh-CN.md');
    expect(readFileSync(join(ROOT, 'README.zh-CN.md'), 'utf8').split('\n').slice(0, 5).join('\n')).toContain('README.md');
  });
});
