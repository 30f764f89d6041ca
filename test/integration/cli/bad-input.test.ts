// Bad input to `trawl crawl` / `trawl run`: one line on stderr naming the input, exit code 2, and
// nothing already saved is lost (an existing output file stays byte for byte, no job state).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, startCli } from '../../helpers/cli.js';
import { errorLines, html, paths, readJsonl, site, trawl, workDir } from './helpers.js';

const SAVED = '{"url":"http://example.test/","title":"saved earlier"}\n';

/** Runs trawl in a folder holding an earlier items.jsonl; checks the one-line failure and that the file is intact. */
async function expectRejected(
  args: (dir: string) => string[],
  mention: string | RegExp,
  setup?: (dir: string) => void,
): Promise<string> {
  const dir = workDir();
  writeFileSync(join(dir, 'items.jsonl'), SAVED);
  setup?.(dir);
  const result = await trawl(dir, [...args(dir), '-o', 'items.jsonl']);
  const lines = errorLines(result.stderr);
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^(trawl|error): /);
  if (typeof mention === 'string') expect(lines[0]).toContain(mention);
  else expect(lines[0]).toMatch(mention);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(readFileSync(join(dir, 'items.jsonl'), 'utf8')).toBe(SAVED);
  // No job state was created for a command that never started.
  expect(existsSync(join(dir, '.trawl')) ? readdirSync(join(dir, '.trawl')) : []).toEqual([]);
  return lines[0]!;
}

const URL_OK = 'http://127.0.0.1:9/';

describe('trawl crawl rejects bad input with one line and exit 2', () => {
  it('rejects an ftp:// start URL', async () => {
    await expectRejected(() => ['crawl', 'ftp://x'], /"ftp:\/\/x" \(start URL 1\)/);
  });

  it('rejects a start URL that is not a URL', async () => {
    await expectRejected(() => ['crawl', URL_OK, 'not a url'], /"not a url" \(start URL 2\)/);
  });

  it('rejects an unknown option', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--bogus'], '--bogus');
  });

  it('rejects a broken CSS selector in --extract', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--extract', 'a=div['], /"div\[" \(--extract a\)/);
  });

  it('rejects a broken XPath in --extract', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--extract', 'b=//div['], /"\/\/div\[" \(--extract b\)/);
  });

  it('rejects a broken selector in --follow', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--follow', 'a[href'], '--follow');
  });

  it('rejects --extract without name=', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--extract', 'h1.title'], /--extract.*"h1\.title"/);
  });

  it('rejects a --match that is not a regular expression', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--match', '(unclosed'], /--match.*\(unclosed/);
  });

  it('rejects a URL list with a bad line, naming file:line', async () => {
    await expectRejected(
      () => ['crawl', '-i', 'urls.txt'],
      /"htp:\/\/bad" \(urls\.txt:3\)/,
      (dir) => writeFileSync(join(dir, 'urls.txt'), `${URL_OK}\n# fine\nhtp://bad\n`),
    );
  });

  it('rejects a URL list file that does not exist', async () => {
    await expectRejected(() => ['crawl', '-i', 'missing.txt'], /missing\.txt.*ENOENT/);
  });

  it('rejects a --proxy that is not an http(s) URL before anything is written', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--proxy', 'ftp://proxy'], /--proxy.*ftp:\/\/proxy/);
  });

  it('rejects -q and -v given together', async () => {
    await expectRejected(() => ['crawl', URL_OK, '-q', '-v'], 'trawl: option -q: cannot be used with -v');
    await expectRejected(() => ['crawl', URL_OK, '--quiet', '-vv'], 'trawl: option -q: cannot be used with -v');
  });

  it('rejects a config file that is not JSON, naming its line and column', async () => {
    await expectRejected(
      () => ['crawl', URL_OK],
      'trawl: trawl.config.json (line 2 column 14, offset 15): invalid JSON: unexpected "o"',
      (dir) => writeFileSync(join(dir, 'trawl.config.json'), '{\n  "delay": 10o\n}\n'),
    );
  });

  it('rejects an unknown -s key', async () => {
    await expectRejected(() => ['crawl', URL_OK, '-s', 'delya=10'], 'trawl: -s delya=10: trawl crawl has no option "delya" (did you mean delay?)');
  });

  it('rejects a --stats-json path in a folder that does not exist, before anything starts', async () => {
    await expectRejected(() => ['crawl', URL_OK, '--stats-json', 'no/such/folder/stats.json'], /^trawl: option --stats-json: folder .*no\/such\/folder does not exist \(received "no\/such\/folder\/stats\.json"\)$/);
  });

  it('rejects bad numbers for -c, --delay and --depth', async () => {
    await expectRejected(() => ['crawl', URL_OK, '-c', '0'], /-c.*"0"/);
    await expectRejected(() => ['crawl', URL_OK, '--delay', 'soon'], /--delay.*"soon"/);
    await expectRejected(() => ['crawl', URL_OK, '--depth', '-1'], /--depth.*"-1"/);
  });
});

describe('trawl run rejects a spider that cannot be used, with one line and exit 2', () => {
  const spider = (name: string, source: string) => (dir: string) => writeFileSync(join(dir, name), source);

  it('rejects a spider file with a syntax error, saying where', async () => {
    const line = await expectRejected(
      () => ['run', 'broken.ts'],
      /broken\.ts.*cannot load the spider/,
      spider('broken.ts', 'export default {\n  handler: (ctx: unknown) => { console.log(ctx }\n};\n'),
    );
    expect(line).toMatch(/broken\.ts:2:\d+/);
  });

  it('rejects a spider that throws while it is imported', async () => {
    await expectRejected(
      () => ['run', 'throws.ts'],
      /throws\.ts.*boom at import/,
      spider('throws.ts', 'throw new Error("boom at import");\nexport default { handler() {} };\n'),
    );
  });

  it('rejects a spider without a default export', async () => {
    await expectRejected(
      () => ['run', 'nodefault.ts'],
      /nodefault\.ts.*default export/,
      spider('nodefault.ts', 'export const spider = { handler(): void {} };\n'),
    );
  });

  it('rejects a spider file that does not exist', async () => {
    await expectRejected(() => ['run', 'nowhere.ts'], /nowhere\.ts.*no such spider file/);
  });
});

describe('trawl crawl --job while the same job runs', () => {
  it('refuses a second process on the same --job and leaves the running crawl and its output whole', async () => {
    const server = await site({}, { latencyMs: 150 });
    server.routes['/'] = html(Array.from({ length: 20 }, (_, i) => `<a href="/p/${i}">${i}</a>`).join(''));
    for (let i = 0; i < 20; i++) server.routes[`/p/${i}`] = html(`<h1>${i}</h1>`);
    const dir = workDir();
    const args = ['crawl', `${server.url}/`, '--job', 'busy', '-o', 'items.jsonl', '-c', '1', '--extract', 'h=h1', '--quiet'];
    const first = startCli(args, { cwd: dir });
    const firstDone = collect(first);
    while ((!existsSync(join(dir, '.trawl', 'busy.db.lock')) || paths(server).length < 2) && first.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const second = await trawl(dir, args);
    const lines = errorLines(second.stderr);
    expect(lines, second.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`job .*busy\\.db.* already running in process ${first.pid}`));
    expect(second.code).toBe(2);

    const result = await firstDone;
    expect(result.code, result.stderr).toBe(0);
    expect(readJsonl(join(dir, 'items.jsonl'))).toHaveLength(21);
  });
});
