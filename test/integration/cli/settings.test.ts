// Settings through the real CLI: -s key=value, trawl.config.json (or --config), TRAWL_*
// variables and a spider's settings, in the order flag > environment > config file > spider >
// default — seen from the server, by the User-Agent each run sends.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLines, html, site, trawl, workDir } from './helpers.js';

async function agentSite() {
  const server = await site({ '/': html('<h1>home</h1>') });
  const agents = (): string[] => server.log.filter((entry) => entry.path === '/').map((entry) => String(entry.headers['user-agent']));
  return { server, agents };
}

describe('trawl settings', () => {
  it('takes a flag over TRAWL_USER_AGENT, the variable over trawl.config.json, the file over the default', async () => {
    const { server, agents } = await agentSite();
    const dir = workDir();
    const crawl = (extra: string[] = [], env: NodeJS.ProcessEnv = {}) => trawl(dir, ['crawl', `${server.url}/`, '--depth', '0', '-q', ...extra], env);
    expect((await crawl()).code).toBe(0);
    writeFileSync(join(dir, 'trawl.config.json'), JSON.stringify({ userAgent: 'from-config', crawl: { retries: 1 } }));
    expect((await crawl()).code).toBe(0);
    expect((await crawl([], { TRAWL_USER_AGENT: 'from-env' })).code).toBe(0);
    expect((await crawl(['--user-agent', 'from-flag'], { TRAWL_USER_AGENT: 'from-env' })).code).toBe(0);
    expect((await crawl(['-s', 'user-agent=from-set'], { TRAWL_USER_AGENT: 'from-env' })).code).toBe(0);
    expect(agents()).toEqual(['trawl/0.1', 'from-config', 'from-env', 'from-flag', 'from-set']);
  });

  it("puts a spider's settings under the config file and over the defaults", async () => {
    const { server, agents } = await agentSite();
    const dir = workDir();
    writeFileSync(
      join(dir, 'ua.ts'),
      `export default { startUrls: ['/'], settings: { userAgent: 'from-spider', depth: 0 }, handler() {} };\n`,
    );
    expect((await trawl(dir, ['run', 'ua.ts', '--base', server.url, '-q'])).code).toBe(0);
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ userAgent: 'from-config' }));
    expect((await trawl(dir, ['run', 'ua.ts', '--base', server.url, '-q', '--config', 'other.json'])).code).toBe(0);
    expect(agents()).toEqual(['from-spider', 'from-config']);
  });

  it('says the precedence in --help', async () => {
    const help = await trawl(workDir(), ['run', '--help']);
    expect(help.stdout).toContain("Precedence: flag > environment > config file > the spider's settings > default.");
    expect(help.stdout).toContain('TRAWL_PER_HOST=2');
  });

  it('refuses a config file that is not JSON, naming its line and column', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'trawl.config.json'), '{\n  "perHost": 2,\n}\n');
    const result = await trawl(dir, ['crawl', 'http://127.0.0.1:9/']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual(['trawl: trawl.config.json (line 3 column 1, offset 18): invalid JSON: unexpected "}"']);
  });

  it('refuses an unknown key in the config file, an unknown TRAWL_ variable and an unknown -s key, naming each', async () => {
    const dir = workDir();
    writeFileSync(join(dir, 'custom.json'), JSON.stringify({ perHots: 2 }));
    const file = await trawl(dir, ['crawl', 'http://127.0.0.1:9/', '--config', 'custom.json']);
    expect(errorLines(file.stderr)).toEqual(['trawl: custom.json: perHots: no such setting (did you mean perHost?)']);
    const env = await trawl(dir, ['get', 'http://127.0.0.1:9/x'], { TRAWL_CONCURENCY: '3' });
    expect(errorLines(env.stderr)).toEqual(['trawl: environment variable TRAWL_CONCURENCY: no such setting (did you mean TRAWL_CONCURRENCY?)']);
    const set = await trawl(dir, ['get', 'http://127.0.0.1:9/x', '-s', 'splitt=2']);
    expect(errorLines(set.stderr)).toEqual(['trawl: -s splitt=2: trawl get has no option "splitt" (did you mean split?)']);
    expect([file.code, env.code, set.code]).toEqual([2, 2, 2]);
  });

  it('refuses a --config file that does not exist', async () => {
    const result = await trawl(workDir(), ['crawl', 'http://127.0.0.1:9/', '--config', 'missing.json']);
    expect(result.code).toBe(2);
    expect(errorLines(result.stderr)).toEqual(['trawl: missing.json (--config): cannot read the config file (ENOENT)']);
  });
});
