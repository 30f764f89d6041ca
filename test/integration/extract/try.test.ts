// `trawl try <url>`: the items crawl's rules give on one page, as JSON lines, and with --links the
// links a crawl would follow; exit 1 when the page fails, 2 for a bad selector.
import { describe, expect, it } from 'vitest';
import { errorLines, html, jsonLines, site, trawl, workDir } from '../cli/helpers.js';

async function table() {
  return site({
    '/': html(
      `<table><tr><th>name</th><th>price</th></tr><tr><td>Kettle</td><td>12.50</td></tr><tr><td>Pot</td><td>7.00</td></tr></table>
       <div class="page"><a href="/2">next</a> <a href="https://elsewhere.test/x">away</a></div>
       <script>var srcUrl="https://cdn.test/v.mp4",vdoUrl=srcUrl;</script>`,
    ),
  });
}

describe('trawl try', () => {
  it('prints one JSON line per --item match, with fields read from the item', async () => {
    const server = await table();
    const result = await trawl(workDir(), ['try', `${server.url}/`, '--item', '//table/tr[position()>1]', '--extract', 'name=./td[1]/text()', '--extract', 'price=td + td']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      { url: `${server.url}/`, name: 'Kettle', price: '12.50' },
      { url: `${server.url}/`, name: 'Pot', price: '7.00' },
    ]);
  });

  it('takes a value out of a script with a bare ::re(), and lists the links a crawl would follow with --links', async () => {
    const server = await table();
    const result = await trawl(workDir(), ['try', `${server.url}/`, '--extract', 'src=::re(srcUrl="(.*?)",vdoUrl)', '--links', '--follow', '.page a']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([{ url: `${server.url}/`, src: 'https://cdn.test/v.mp4' }, { link: `${server.url}/2` }]);
    const wider = await trawl(workDir(), ['try', `${server.url}/`, '--links', '--follow', '.page a', '--allow-host', '*']);
    expect(jsonLines(wider.stdout)).toEqual([{ link: `${server.url}/2` }, { link: 'https://elsewhere.test/x' }]);
  });

  it('warns when --item matches nothing and prints no items', async () => {
    const server = await table();
    const result = await trawl(workDir(), ['try', `${server.url}/`, '--item', 'ul li', '--extract', 'name=b']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('');
    expect(errorLines(result.stderr)).toEqual([`trawl: warning: --item "ul li" matched nothing on ${server.url}/`]);
  });

  it('exits 1 naming the page when it cannot be fetched, and 2 for a bad selector', async () => {
    const server = await table();
    const missing = await trawl(workDir(), ['try', `${server.url}/missing`, '--extract', 'a=h1', '--retries', '0']);
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)).toEqual([expect.stringContaining(`${server.url}/missing: HTTP 404`)]);
    const bad = await trawl(workDir(), ['try', `${server.url}/`, '--extract', 'a=td[']);
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)).toEqual([expect.stringContaining('"td[" (--extract a)')]);
    expect(server.log.map((entry) => entry.path)).toEqual(['/missing']);
  });
});
